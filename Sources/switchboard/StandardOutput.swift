import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Line-oriented stdout that is flushed at once, so a parent process reading a
/// pipe sees each line when it is printed (tests wait for "ready").
enum StandardOutput {
    static func line(_ text: String) {
        print(text)
        // fflush(nil) flushes every output stream without touching the `stdout`
        // global, which Swift 6 treats as shared mutable state.
        fflush(nil)
    }
}

enum WallClock {
    static func millisecondsSince1970() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return UInt64(now.tv_sec) * 1000 + UInt64(now.tv_nsec) / 1_000_000
    }
}

/// Progress lines for a person watching, kept off standard output so that `--json`
/// leaves one object there.
enum StandardError {
    static func line(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
