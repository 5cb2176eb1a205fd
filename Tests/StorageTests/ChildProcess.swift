import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The built `switchboard` executable: `swift test` builds it next to the test bundle.
func switchboardExecutable() -> String? {
    let selfExecutable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    let candidates: [String?] = [
        selfExecutable.deletingLastPathComponent().appendingPathComponent("switchboard").path,
        Bundle.main.executableURL.map { $0.deletingLastPathComponent().appendingPathComponent("switchboard").path },
        FileManager.default.currentDirectoryPath + "/.build/debug/switchboard",
    ]
    return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

enum ChildProcessError: Error, CustomStringConvertible {
    case timedOut(String)

    var description: String {
        switch self {
        case .timedOut(let what): "timed out waiting for \(what)"
        }
    }
}

/// A child process whose standard output a test reads line by line, every wait bounded by a
/// deadline so that a stuck child fails the test instead of hanging it. The child is killed
/// when this object goes away.
final class ChildProcess {
    enum Exit: Equatable {
        case exited(Int32)
        case signalled(Int32)
    }

    private let process = Process()
    private let standardOutput = Pipe()
    private let standardError = Pipe()
    private var pending: [UInt8] = []
    private var outputClosed = false

    init(executable: String, arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = standardOutput
        process.standardError = standardError
        try process.run()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// The next line of standard output, or `nil` once the child has closed it.
    func readLine(before deadline: ContinuousClock.Instant) throws -> String? {
        let descriptor = standardOutput.fileHandleForReading.fileDescriptor
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line
            }
            if outputClosed {
                return nil
            }
            let remaining = deadline - .now
            guard remaining > .zero else { throw ChildProcessError.timedOut("a line from the child") }
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&request, 1, Int32(min(remaining.components.seconds * 1000 + 1, 1000))) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = read(descriptor, &chunk, chunk.count)
            if count > 0 {
                pending += chunk[..<count]
            } else if count == 0 || errno != EINTR {
                outputClosed = true
            }
        }
    }

    func sendKill() {
        kill(process.processIdentifier, SIGKILL)
    }

    /// Waits for the child to end; kills it and throws if the deadline passes first.
    func waitForExit(before deadline: ContinuousClock.Instant) throws -> Exit {
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                sendKill()
                throw ChildProcessError.timedOut("the child to exit")
            }
            usleep(2_000)
        }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal
            ? .signalled(process.terminationStatus)
            : .exited(process.terminationStatus)
    }

    /// Everything the child wrote to standard error; call after it has exited.
    func errorOutput() -> String {
        String(decoding: standardError.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }
}
