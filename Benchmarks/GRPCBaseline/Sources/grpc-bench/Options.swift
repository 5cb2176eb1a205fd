import ArgumentParser

/// Where the server listens / the client connects.
struct EndpointOptions: ParsableArguments {
    @Option(help: "IPv4 loopback address (127.x.x.x) to listen on / connect to.")
    var host: String = "127.0.0.2"

    @Option(help: "TCP port; 0 lets the server (or `run`) pick a free one.")
    var port: Int = 0

    func validate() throws {
        // The benchmark floods its target, so refuse anything off this machine.
        guard Loopback.isIPv4Loopback(host) else {
            throw ValidationError("--host must be an IPv4 loopback address (127.x.x.x), got '\(host)'.")
        }
        guard (0...65_535).contains(port) else {
            throw ValidationError("--port must be in 0...65535, got \(port).")
        }
    }
}

/// The workload, shared by `client` and `run` so both measure the same thing.
struct WorkloadOptions: ParsableArguments {
    @Option(help: "Request (and echoed response) size in bytes.")
    var payloadBytes: Int = 32

    @Option(help: "Length of the measured throughput window in seconds (after a 1 s warm-up).")
    var durationS: Double = 5

    @Option(help: "Concurrent callers sharing one client (one HTTP/2 connection) in the throughput phase.")
    var inFlight: Int = 256

    @Option(help: "Sequential calls timed in the latency phase (after a 1 s warm-up).")
    var latencyCalls: Int = 20_000

    @Flag(help: "Print exactly one JSON object on stdout instead of a table.")
    var json = false

    func validate() throws {
        // Bounds keep every phase finite and inside gRPC's default 4 MiB message limit.
        guard (0...1_048_576).contains(payloadBytes) else {
            throw ValidationError("--payload-bytes must be in 0...1048576, got \(payloadBytes).")
        }
        guard durationS > 0, durationS <= 600 else {
            throw ValidationError("--duration-s must be in (0, 600], got \(durationS).")
        }
        guard (1...10_000).contains(inFlight) else {
            throw ValidationError("--in-flight must be in 1...10000, got \(inFlight).")
        }
        guard (1...10_000_000).contains(latencyCalls) else {
            throw ValidationError("--latency-calls must be in 1...10000000, got \(latencyCalls).")
        }
    }

    var workload: Workload {
        Workload(
            payloadBytes: payloadBytes,
            throughputWindow: .milliseconds(Int64((durationS * 1000).rounded())),
            inFlight: inFlight,
            latencyCalls: latencyCalls
        )
    }
}
