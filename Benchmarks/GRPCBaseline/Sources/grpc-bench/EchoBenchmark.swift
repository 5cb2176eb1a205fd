import GRPCCore

/// The two measurement phases, run over one `GRPCClient` (so one HTTP/2
/// connection, as grpc-swift-2's default pick-first balancer keeps a single
/// subchannel to a single address).
struct EchoBenchmark<Transport: ClientTransport>: Sendable {
    let client: GRPCClient<Transport>
    let workload: Workload
    let payload: [UInt8]

    init(client: GRPCClient<Transport>, workload: Workload) {
        self.client = client
        self.workload = workload
        self.payload = workload.payload
    }

    /// One call whose reply is compared byte for byte, so a broken echo fails
    /// the run instead of producing flattering numbers.
    func verifyEcho() async throws {
        let echoed = try await call { try $0.message }
        guard echoed == payload else {
            throw BenchError.badEcho(expected: payload.count, got: echoed.count)
        }
    }

    /// Phase 1: unloaded round trips, one call at a time. Returns one sample
    /// per timed call.
    func measureLatency() async throws -> [Duration] {
        let clock = ContinuousClock()
        let warmUpEnd = clock.now + Workload.warmUp
        var warmUpCalls = 0
        while warmUpCalls < Workload.warmUpCallCap, clock.now < warmUpEnd {
            try await echo()
            warmUpCalls += 1
        }

        var samples: [Duration] = []
        samples.reserveCapacity(workload.latencyCalls)
        let cap = clock.now + Workload.latencyTimeCap
        while samples.count < workload.latencyCalls {
            let started = clock.now
            guard started < cap else {
                StandardError.line(
                    "warning: latency phase stopped at its \(Workload.latencyTimeCap) cap after \(samples.count) calls"
                )
                break
            }
            try await echo()
            samples.append(started.duration(to: clock.now))
        }
        return samples
    }

    /// Phase 2: `inFlight` callers each issue calls back to back. Only calls
    /// that complete inside the window (after the warm-up) are counted, so the
    /// ramp-up and the tail of calls still in flight at the end don't skew the
    /// rate.
    func measureThroughput() async throws -> Int {
        let clock = ContinuousClock()
        let windowStart = clock.now + Workload.warmUp
        let windowEnd = windowStart + workload.throughputWindow
        return try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<workload.inFlight {
                group.addTask {
                    var completed = 0
                    var now = clock.now
                    while now < windowEnd {
                        try await self.echo()
                        now = clock.now
                        if now >= windowStart, now < windowEnd {
                            completed += 1
                        }
                    }
                    return completed
                }
            }
            return try await group.reduce(0, +)
        }
    }

    /// The measured operation. Only the length is checked on the hot path;
    /// `verifyEcho` checked content once.
    private func echo() async throws {
        let echoedCount = try await call { try $0.message.count }
        guard echoedCount == payload.count else {
            throw BenchError.badEcho(expected: payload.count, got: echoedCount)
        }
    }

    /// Default call options on purpose: no per-call deadline (which would add
    /// a timer per RPC); the phases are bounded by `withDeadline` instead.
    private func call<Result: Sendable>(
        _ handle: @Sendable @escaping (ClientResponse<[UInt8]>) throws -> Result
    ) async throws -> Result {
        try await client.unary(
            request: ClientRequest(message: payload),
            descriptor: EchoMethod.descriptor,
            serializer: RawBytesSerializer(),
            deserializer: RawBytesDeserializer(),
            options: .defaults,
            onResponse: { try handle($0) }
        )
    }
}
