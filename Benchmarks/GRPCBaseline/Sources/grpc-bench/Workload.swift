/// What one benchmark run does; the phases' fixed parameters live here too so
/// they are stated once.
struct Workload: Sendable {
    var payloadBytes: Int
    var throughputWindow: Duration
    var inFlight: Int
    var latencyCalls: Int

    /// Both phases warm up this long first so connection setup, lazy
    /// allocations and cold caches stay out of the figures.
    static let warmUp: Duration = .seconds(1)

    /// Count bound on each warm-up, far above what 1 s allows on loopback.
    static let warmUpCallCap = 1_000_000

    /// How long the first call (connection setup plus the content check) may take.
    static let firstCallLimit: Duration = .seconds(10)

    /// Upper bound on the timed part of the latency phase; if the calls are
    /// that slow the samples collected so far are reported.
    static let latencyTimeCap: Duration = .seconds(60)

    /// Extra time a phase may overrun before it is cancelled as hung.
    static let hangGrace: Duration = .seconds(10)

    var latencyPhaseLimit: Duration { Self.warmUp + Self.latencyTimeCap + Self.hangGrace }

    var throughputPhaseLimit: Duration { Self.warmUp + throughputWindow + Self.hangGrace }

    /// The longest a client run can take before every phase has either
    /// finished or been cancelled; `run` sizes its server's lifetime from it.
    var clientTimeLimit: Duration { Self.firstCallLimit + latencyPhaseLimit + throughputPhaseLimit }

    /// The request body: a fixed, non-uniform pattern so an echo that drops or
    /// reorders bytes is detectable.
    var payload: [UInt8] {
        (0..<payloadBytes).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
    }
}
