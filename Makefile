# The README's two commands, and the benchmark builds.
.PHONY: run test deps bench-deps grpc-baseline chaos chaos-smoke

deps:
	@scripts/ensure-deps.sh

# The main job: a three-node cluster on loopback with a demo tenant (Ctrl-C stops it).
run: deps
	swift build -c release --product switchboard
	.build/release/switchboard demo

# Builds the executable first: multi-process tests start it as child processes.
# Last, schemathesis (from PyPI) checks a live gateway against docs/openapi.yaml.
# The CPU-bound simulation suites run on their own first: sharing the two
# cooperative threads with them would stall the timing-sensitive multi-process tests
# (and the routing-domain entity tests, which run with the latter).
SIMULATIONS := '^(ContactCenterTests\.(?!RoutingDomainActorTests)|MembershipTests\.)'
# The backpressure test measures this process's resident memory, so it runs alone
# too: the in-process shard hosts of other suites would grow it.
ALONE := '^ClusterSystemTests\.BackpressureTests'
# The multi-process suites (three to five node processes each) run apart from the
# in-process failover tests: together on two slow cores, a takeover in the shard hosts
# was seen to miss its callers' 25 s budget, and the suites take no longer apart.
PROCESSES := '^NodeRuntimeTests\.'
test: deps
	swift build
	swift build --build-tests
	swift test --skip-build --filter $(SIMULATIONS)
	swift test --skip-build --filter $(ALONE)
	swift test --skip-build --skip $(SIMULATIONS) --skip $(ALONE) --skip $(PROCESSES)
	swift test --skip-build --filter $(PROCESSES)
	scripts/api-contract.sh .build/debug/switchboard
	$(MAKE) chaos-smoke

# Chaos (docs/chaos.md): every scenario with five seeds on a release build, and the
# CI subset on the debug build the tests just made (about four minutes).
chaos: deps
	swift build -c release --product switchboard
	chaos/run-suite.sh --binary .build/release/switchboard

chaos-smoke:
	chaos/run-suite.sh --binary .build/debug/switchboard --seeds 1 \
		chaos/scenarios/node-kill-under-load.yaml chaos/scenarios/spike-300.yaml chaos/scenarios/partition-minority.yaml

# db_bench (rocksdb-tools) is the yardstick of `switchboard bench store`; wrk drives
# `switchboard bench gateway`.
bench-deps:
	@scripts/ensure-deps.sh rocksdb-tools wrk

# The gRPC yardstick of `switchboard bench rpc`, a separate package so CI never builds it.
grpc-baseline:
	swift build -c release --package-path Benchmarks/GRPCBaseline
