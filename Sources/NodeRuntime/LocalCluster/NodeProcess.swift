import Foundation
import Synchronization

/// A `switchboard node` child process: started from a cluster definition,
/// signalled, killed and reaped by its owner; killed at the latest when released.
public final class NodeProcess: Sendable {
    public let name: String
    private let process: Process
    private let output = LineLog()

    init(executable: URL, name: String, configFile: String, logLevel: String) throws {
        self.name = name
        let process = Process()
        process.executableURL = executable
        process.arguments = ["node", "--config", configFile, "--node", name, "--log-level", logLevel]
        // The node exits if this process dies without cleaning up (switchboard's ParentWatchdog).
        var environment = ProcessInfo.processInfo.environment
        environment["SWITCHBOARD_EXIT_WITH_PARENT"] = "1"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let output = self.output
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                // End of file: without this, Foundation calls the handler again and again.
                handle.readabilityHandler = nil
                return
            }
            output.append(data)
        }
        try process.run()
        self.process = process
    }

    public var isRunning: Bool { process.isRunning }

    /// CPU time the process has used so far (user and system, from `/proc`), or nil
    /// where that cannot be read. Benchmarks divide it by the work done: unlike a rate,
    /// it hardly moves when other tenants of the machine take its cores.
    public var cpuSeconds: Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
              let afterName = stat.lastIndex(of: ")") else { return nil }
        // Fields after the command name, which may itself hold spaces: state is the 3rd
        // field of the line, utime and stime the 14th and 15th.
        let fields = stat[stat.index(after: afterName)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Everything the node printed so far.
    public var log: [String] { output.lines }

    public func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits up to `timeout` for the process to exit; true if it did.
    public func waitForExit(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return !process.isRunning
    }

    /// SIGKILL (after SIGCONT, in case it was stopped) and reap.
    public func kill9() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGCONT)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { kill9() }
}

/// Lines a child printed, gathered from its pipe's reader thread. A pipe delivers
/// chunks, not lines (nor whole UTF-8 sequences): the bytes after the last newline
/// wait for the next chunk.
final class LineLog: Sendable {
    private struct Storage {
        var lines: [String] = []
        var partial: [UInt8] = []
    }

    private let storage = Mutex(Storage())

    func append(_ data: Data) {
        storage.withLock { storage in
            storage.partial.append(contentsOf: data)
            while let newline = storage.partial.firstIndex(of: UInt8(ascii: "\n")) {
                storage.lines.append(String(decoding: storage.partial[..<newline], as: UTF8.self))
                storage.partial.removeSubrange(...newline)
            }
        }
    }

    var lines: [String] {
        storage.withLock { $0.partial.isEmpty ? $0.lines : $0.lines + [String(decoding: $0.partial, as: UTF8.self)] }
    }
}
