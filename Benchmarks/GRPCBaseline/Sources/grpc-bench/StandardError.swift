#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Progress and diagnostics go to stderr so that stdout carries only the
/// result (one JSON object with `--json`), which is what callers parse.
///
/// Writes the fd directly: the C `stderr` global isn't concurrency-safe to
/// touch under Swift 6's strict checking.
enum StandardError {
    static func line(_ text: String) {
        var message = text + "\n"
        message.withUTF8 { buffer in
            var remaining = UnsafeRawBufferPointer(buffer)
            // Bounded: each successful write consumes at least one byte.
            while !remaining.isEmpty {
                let written = write(2, remaining.baseAddress, remaining.count)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                remaining = UnsafeRawBufferPointer(rebasing: remaining[written...])
            }
        }
    }
}
