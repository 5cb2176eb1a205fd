#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A child process started with `posix_spawn`, owned by one task.
///
/// Plain POSIX rather than Foundation's `Process`: it keeps Foundation out of
/// the binary and lets us redirect the child's stdout in one file action.
final class ChildProcess {
    let pid: pid_t
    /// Set once the child has been reaped, so it is never waited for twice.
    private(set) var exitStatus: String?

    private init(pid: pid_t) {
        self.pid = pid
    }

    /// Spawns `executable` with `arguments`. The child's stdout is pointed at
    /// our stderr: our stdout must carry nothing but the benchmark result.
    static func spawn(executable: String, arguments: [String]) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, 2, 1)

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }

        var pid = pid_t()
        let result = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard result == 0 else {
            throw BenchError.system("posix_spawn(\(executable))", result)
        }
        return ChildProcess(pid: pid)
    }

    /// This process's own executable, for re-running it as the server. The
    /// resolved path rather than `/proc/self/exe` itself so the child shows
    /// up as `grpc-bench` in ps/top, not `exe`; the link itself is the
    /// fallback when the binary was replaced on disk (e.g. rebuilt) meanwhile.
    static func currentExecutable() -> String {
        let link = "/proc/self/exe"
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink(link, &buffer, buffer.count - 1)
        guard length > 0 else { return link }
        let path = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return access(path, X_OK) == 0 ? path : link
    }

    /// Non-blocking: whether the child has exited (and, if so, how).
    func hasExited() -> Bool {
        reap(options: WNOHANG)
        return exitStatus != nil
    }

    /// SIGTERM, up to `grace` for it to exit, then SIGKILL. Synchronous so it
    /// can sit in a `defer`; blocks for at most `grace` plus the final reap.
    func terminate(grace: Duration = .seconds(2)) {
        guard exitStatus == nil else { return }
        kill(pid, SIGTERM)
        let clock = ContinuousClock()
        let end = clock.now + grace
        while clock.now < end {
            if hasExited() { return }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        reap(options: 0)
    }

    private func reap(options: Int32) {
        guard exitStatus == nil else { return }
        var status: Int32 = 0
        var result: pid_t
        repeat {
            result = waitpid(pid, &status, options)
        } while result < 0 && errno == EINTR
        if result == pid {
            exitStatus = Self.describe(status)
        } else if result < 0 {
            // ECHILD: already reaped elsewhere; nothing left to wait for.
            exitStatus = "unknown status"
        }
    }

    /// Decodes a wait status (the WIFEXITED/WTERMSIG macros aren't imported).
    private static func describe(_ status: Int32) -> String {
        let signal = status & 0x7f
        return signal == 0 ? "exit status \((status >> 8) & 0xff)" : "killed by signal \(signal)"
    }
}
