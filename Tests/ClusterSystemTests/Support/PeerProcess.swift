import Foundation
import Synchronization
import Transport

/// A `switchboard peer` child process for multi-process tests: started on its own
/// loopback address, waited for until it reports ready, killed when the test ends.
final class PeerProcess: Sendable {
    let address: NodeAddress
    let cluster: String
    private let process: Process
    private let stderrLines = LineBuffer()
    let identityLine: String

    /// The `switchboard` binary of this build: next to the test bundle, or in `.build/debug`.
    static let executable: URL = {
        let bundleDirectory = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "")
            .deletingLastPathComponent()
        let candidates = [bundleDirectory.appendingPathComponent("switchboard"),
                          URL(fileURLWithPath: ".build/debug/switchboard")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }()

    init(address: NodeAddress, cluster: String = "test", generation: UInt64? = nil,
         timeout: Duration = .seconds(15)) throws {
        self.address = address
        self.cluster = cluster
        let process = Process()
        process.executableURL = Self.executable
        var arguments = ["peer", "--address", "\(address)", "--cluster", cluster, "--log-level", "info"]
        if let generation { arguments += ["--generation", "\(generation)"] }
        process.arguments = arguments
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let lines = stderrLines
        stderr.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                handle.readabilityHandler = nil
                return
            }
            let text = String(decoding: data, as: UTF8.self)
            lines.append(text)
        }
        let output = LineBuffer()
        stdout.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                handle.readabilityHandler = nil
                return
            }
            let text = String(decoding: data, as: UTF8.self)
            output.append(text)
        }
        try process.run()
        self.process = process

        let deadline = ContinuousClock.now + timeout
        while !output.lines.contains(where: { $0.hasPrefix("ready ") }) {
            guard ContinuousClock.now < deadline, process.isRunning else {
                kill(process.processIdentifier, SIGKILL)
                throw PeerProcessError.notReady(address: address, log: lines.lines.joined(separator: "\n"))
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        identityLine = output.lines.first { $0.hasPrefix("ready ") } ?? ""
    }

    var pid: pid_t { process.processIdentifier }

    func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// SIGKILLs the process and waits until it is gone.
    func kill9() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// What the peer logged so far.
    var log: [String] { stderrLines.lines }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGCONT)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// Lines a child process printed, collected from its pipe's reader thread.
final class LineBuffer: Sendable {
    private let storage = Mutex([String]())

    func append(_ text: String) {
        storage.withLock { $0.append(contentsOf: text.split(separator: "\n").map(String.init)) }
    }

    var lines: [String] { storage.withLock { $0 } }
}

enum PeerProcessError: Error, CustomStringConvertible {
    case notReady(address: NodeAddress, log: String)

    var description: String {
        switch self {
        case .notReady(let address, let log): "peer at \(address) did not become ready:\n\(log)"
        }
    }
}

/// Hands out loopback addresses no other test of this run uses: 127.0.0.N with a
/// port derived from the process ID, so concurrent runs on one machine do not clash.
enum Loopback {
    private static let next = Atomic<Int>(10)
    private static let port = 20_000 + Int(getpid() % 20_000)

    static func address() -> NodeAddress {
        let n = next.add(1, ordering: .relaxed).newValue
        return NodeAddress(host: "127.0.\(n / 250).\(n % 250 + 2)", port: port)
    }
}
