import Foundation

/// A `switchboard` child process started by this one (`pair`, `bench rpc`), killed
/// when it is released or when this process exits normally.
final class ChildNode {
    let process = Process()
    private let output = Pipe()

    /// Starts `switchboard <arguments>` and waits, up to `timeout`, for its "ready" line.
    init(arguments: [String], echoOutputWithPrefix prefix: String? = nil, timeout: Duration = .seconds(10)) throws {
        process.executableURL = URL(fileURLWithPath: CommandLine.executablePath)
        process.arguments = arguments
        process.standardOutput = output
        try process.run()

        let ready = ReadySignal()
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                // End of file: without this, Foundation calls the handler again and again.
                handle.readabilityHandler = nil
                return
            }
            let text = String(decoding: data, as: UTF8.self)
            for line in text.split(separator: "\n") {
                if line.hasPrefix("ready ") { ready.signal() }
                if let prefix { StandardOutputLock.print("\(prefix) \(line)") }
            }
        }
        guard ready.wait(timeout: timeout) else {
            stop()
            throw ChildNodeError.notReady(arguments: arguments, after: timeout)
        }
    }

    func stop() {
        output.fileHandleForReading.readabilityHandler = nil
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}

enum ChildNodeError: Error, CustomStringConvertible {
    case notReady(arguments: [String], after: Duration)

    var description: String {
        switch self {
        case .notReady(let arguments, let after):
            "child `switchboard \(arguments.joined(separator: " "))` did not report ready within \(after)"
        }
    }
}

/// A one-shot flag a pipe's reader thread sets and the starting thread waits on.
private final class ReadySignal: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)

    func signal() { semaphore.signal() }

    func wait(timeout: Duration) -> Bool {
        semaphore.wait(timeout: .now() + .milliseconds(Int(timeout / .milliseconds(1)))) == .success
    }
}

/// Serialises lines from several children's reader threads.
enum StandardOutputLock {
    private static let lock = NSLock()

    static func print(_ line: String) {
        lock.withLock { StandardOutput.line(line) }
    }
}

extension CommandLine {
    /// This executable, to start children of the same build.
    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? arguments[0]
    }
}
