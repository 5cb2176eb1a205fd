import ArgumentParser
import ClusterSystem
import Foundation
import Logging
import Transport

/// `switchboard bench rpc`: remote-call latency and pipelined throughput between two
/// processes on loopback, against grpc-swift-2 unary RPCs on the same workload.
struct BenchRPCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rpc",
        abstract: "Remote calls between two processes on loopback, with grpc-swift-2 as the yardstick."
    )

    @Option(help: "Bytes echoed per call.")
    var payloadBytes = 32

    @Option(help: "Sequential calls timed for the latency figures.")
    var latencyCalls = 20_000

    @Option(help: "Calls kept in flight for the throughput figure.")
    var inFlight = 256

    @Option(help: "Seconds of the throughput phase.")
    var durationS = 5

    @Option(help: "The gRPC yardstick (built from Benchmarks/GRPCBaseline); skipped if missing.")
    var grpcBench = "Benchmarks/GRPCBaseline/.build/release/grpc-bench"

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        guard (1...1_000_000).contains(payloadBytes) else { throw ValidationError("--payload-bytes must be in 1...1000000") }
        guard latencyCalls >= 100 else { throw ValidationError("--latency-calls must be at least 100") }
        guard (1...100_000).contains(inFlight) else { throw ValidationError("--in-flight must be in 1...100000") }
        guard (1...600).contains(durationS) else { throw ValidationError("--duration-s must be in 1...600") }
    }

    func run() async throws {
        let ours = try await measureOurs()
        let grpc = try measureGRPC()
        let report = RPCBenchReport(ours: ours, grpc: grpc, payloadBytes: payloadBytes, inFlight: inFlight)
        StandardOutput.line(json ? report.json() : report.table())
    }

    private func measureOurs() async throws -> RPCFigures {
        let serverAddress = NodeAddress(host: "127.0.0.3", port: 7302)
        let server = try ChildNode(arguments: ["peer", "--address", "\(serverAddress)", "--cluster", "bench"])
        defer { server.stop() }

        var logger = Logger(label: "switchboard.bench")
        logger.logLevel = .warning
        let identity = NodeIdentity(address: NodeAddress(host: "127.0.0.2", port: 7301),
                                    generation: WallClock.millisecondsSince1970())
        let system = try await ClusterSystem.start(
            settings: ClusterSystemSettings(transport: try TransportSettings(clusterName: "bench", identity: identity)),
            logger: logger)
        let remote = try NodeDiagnostics.on(serverAddress, using: system)
        let payload = [UInt8](repeating: 0x5A, count: payloadBytes)

        for _ in 0..<2_000 { _ = try await remote.echo(payload) }

        let clock = ContinuousClock()
        var samples: [Duration] = []
        samples.reserveCapacity(latencyCalls)
        for _ in 0..<latencyCalls {
            let start = clock.now
            _ = try await remote.echo(payload)
            samples.append(clock.now - start)
        }
        samples.sort()

        let deadline = clock.now + .seconds(durationS)
        let start = clock.now
        let completed = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<inFlight {
                group.addTask {
                    var count = 0
                    while clock.now < deadline {
                        _ = try await remote.echo(payload)
                        count += 1
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = clock.now - start
        await system.shutdown()
        return RPCFigures(
            callsPerSecond: Double(completed) / (elapsed / .seconds(1)),
            p50Microseconds: samples[samples.count / 2] / .microseconds(1),
            p99Microseconds: samples[samples.count * 99 / 100] / .microseconds(1))
    }

    private func measureGRPC() throws -> RPCFigures? {
        guard FileManager.default.isExecutableFile(atPath: grpcBench) else {
            if !json {
                StandardOutput.line("gRPC yardstick not found at \(grpcBench): build it with "
                    + "`swift build -c release --package-path Benchmarks/GRPCBaseline`")
            }
            return nil
        }
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: grpcBench)
        process.arguments = ["run", "--json", "--payload-bytes", "\(payloadBytes)", "--in-flight", "\(inFlight)",
                             "--duration-s", "\(durationS)", "--latency-calls", "\(latencyCalls)"]
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let calls = object["grpc_calls_per_s"] as? Double,
              let p50 = object["grpc_p50_us"] as? Double,
              let p99 = object["grpc_p99_us"] as? Double else {
            throw ValidationError("the gRPC yardstick at \(grpcBench) failed or printed no JSON")
        }
        return RPCFigures(callsPerSecond: calls, p50Microseconds: p50, p99Microseconds: p99)
    }
}

struct RPCFigures {
    var callsPerSecond: Double
    var p50Microseconds: Double
    var p99Microseconds: Double
}

struct RPCBenchReport {
    var ours: RPCFigures
    var grpc: RPCFigures?
    var payloadBytes: Int
    var inFlight: Int

    var ratio: Double? { grpc.map { ours.callsPerSecond / $0.callsPerSecond } }

    func json() -> String {
        var fields: [(String, String)] = [
            ("calls_per_s", format(ours.callsPerSecond)),
            ("p50_us", format(ours.p50Microseconds)),
            ("p99_us", format(ours.p99Microseconds)),
            ("payload_bytes", "\(payloadBytes)"),
            ("in_flight", "\(inFlight)"),
        ]
        if let grpc, let ratio {
            fields += [
                ("grpc_calls_per_s", format(grpc.callsPerSecond)),
                ("grpc_p50_us", format(grpc.p50Microseconds)),
                ("grpc_p99_us", format(grpc.p99Microseconds)),
                ("ratio_vs_grpc", String(format: "%.3f", ratio)),
            ]
        } else {
            fields += [("grpc_calls_per_s", "null"), ("ratio_vs_grpc", "null")]
        }
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    func table() -> String {
        var lines = [
            "remote calls, \(payloadBytes)-byte echo, two processes on loopback",
            "",
            "                      calls/s (\(inFlight) in flight)   p50 µs   p99 µs",
            row("switchboard", ours),
        ]
        if let grpc, let ratio {
            lines.append(row("grpc-swift-2 unary", grpc))
            lines.append("")
            lines.append(String(format: "throughput ratio vs gRPC: %.2f×", ratio))
        }
        return lines.joined(separator: "\n")
    }

    private func row(_ name: String, _ figures: RPCFigures) -> String {
        name.padding(toLength: 22, withPad: " ", startingAt: 0)
            + String(format: "%28.0f %8.1f %8.1f", figures.callsPerSecond, figures.p50Microseconds, figures.p99Microseconds)
    }

    private func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
