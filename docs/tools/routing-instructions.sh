#!/bin/bash
# Instructions and simulated cache misses per routing decision, counted by callgrind: the
# two phases of `switchboard bench routing`, compiled with the routing core into one program.
# Unlike the bench's timings, the counts are the same on every run, so a change of a few
# percent shows (docs/benchmarks.md, "Instruction counts").
#
# Usage: docs/tools/routing-instructions.sh [measured iterations, default 30000]
# Options through the environment: LL_BYTES (simulated last-level cache, default 12 MiB),
# KEEP=1 to keep the callgrind files (printed) for callgrind_annotate.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
iterations=${1:-30000}
ll=${LL_BYTES:-12582912}
if ! command -v valgrind >/dev/null; then
    apt-get update -qq && apt-get install -y -qq valgrind >/dev/null
fi
work=$(mktemp -d)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
# The bench's workload and driver, without the module imports they need in the package.
for file in BenchRoutingWorkload BenchRoutingDriver; do
    sed '/^import ContactCenter$/d; /^import SeededRandom$/d' "$root/Sources/switchboard/$file.swift" > "$work/$file.swift"
done
# Top-level code only runs from a file named main.swift.
cp "$root/docs/tools/RoutingInstructions.swift" "$work/main.swift"
(cd "$work" && swiftc -O -wmo -swift-version 6 -module-name RoutingInstructions -g -dwarf-version=4 \
    "$root"/Sources/ContactCenter/{Domain,Routing,Statistics}/*.swift "$root"/Sources/SeededRandom/*.swift \
    "$work"/BenchRouting*.swift "$work/main.swift" -o "$work/routing-instructions")
loop=$(nm "$work/routing-instructions" | awk '/measuredLoop/ && !found {print $3; found = 1}')
printf '%-16s %12s %10s %10s %10s\n' phase instructions I1-misses D1-misses LL-misses
for phase in agent contact; do
    out="$work/callgrind.$phase"
    valgrind --tool=callgrind --cache-sim=yes --I1=32768,8,64 --D1=49152,12,64 --LL="$ll,12,64" \
        --collect-atstart=no --toggle-collect="$loop" --callgrind-out-file="$out" \
        "$work/routing-instructions" "$phase" "$iterations" >/dev/null 2>&1
    # Two decisions per iteration: an arrival and an end.
    callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ && !found {print; found = 1}' | python3 -c "
import re, sys
counts = [int(n.replace(',', '')) for n in re.findall(r'([\d,]+) \(', sys.stdin.read())]
ir, dr, dw, i1, d1r, d1w, ili, llr, llw = counts
per = 2 * $iterations
print(f'{\"$phase surplus\":16s} {ir / per:12.0f} {i1 / per:10.1f} {(d1r + d1w) / per:10.1f} {(llr + llw) / per:10.2f}')"
    [ "${KEEP:-0}" = 1 ] && echo "  $out"
done
echo "per decision; $iterations iterations of each phase after 100000 uncounted, simulated LL $((ll / 1048576)) MiB"
