#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ends this process when the process that started it is gone, so a test runner
/// that crashes cannot leave node processes behind.
enum ParentWatchdog {
    /// Set by `LocalCluster` (and honoured by `switchboard node`) for the nodes it starts.
    static let environmentKey = "SWITCHBOARD_EXIT_WITH_PARENT"

    static func start() {
        let parent = getppid()
        Task.detached {
            while getppid() == parent {
                try? await Task.sleep(for: .seconds(1))
            }
            exit(70)
        }
    }
}
