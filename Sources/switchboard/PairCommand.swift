import ArgumentParser
import Foundation

/// `switchboard pair`: two nodes on their own loopback addresses pinging each other.
/// The README's run command until the demo cluster exists.
struct PairCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pair",
        abstract: "Start two local nodes (127.0.0.2 and 127.0.0.3) and show them talking."
    )

    @Option(help: "Stop after this many seconds (default: run until Ctrl-C).")
    var durationS: Int?

    @Option(help: "First port; the second node uses the next one.")
    var port = 7101

    func validate() throws {
        guard (1...65_534).contains(port) else { throw ValidationError("--port must be in 1...65534") }
        if let durationS, durationS <= 0 { throw ValidationError("--duration-s must be positive") }
    }

    func run() async throws {
        let a = "127.0.0.2:\(port)"
        let b = "127.0.0.3:\(port + 1)"
        StandardOutput.line("starting node a at \(a) and node b at \(b); Ctrl-C stops both")
        let nodeA = try ChildNode(arguments: ["peer", "--address", a, "--cluster", "pair", "--ping", b],
                                  echoOutputWithPrefix: "[a]")
        let nodeB = try ChildNode(arguments: ["peer", "--address", b, "--cluster", "pair", "--ping", a],
                                  echoOutputWithPrefix: "[b]")
        defer {
            nodeA.stop()
            nodeB.stop()
        }
        if let durationS {
            try await Task.sleep(for: .seconds(durationS))
        } else {
            while nodeA.process.isRunning && nodeB.process.isRunning {
                try await Task.sleep(for: .milliseconds(500))
            }
        }
    }
}
