import CRocksDB
import Dispatch
import Foundation
import Synchronization

/// The background half of `SyncPolicy.groupCommit`: fsyncs the WAL every `interval` on a
/// dedicated thread until stopped. A failed sync is kept so that the next write reports it:
/// after one, acknowledged writes are no longer guaranteed to reach the disk in time.
///
/// `@unchecked Sendable` only because `database` is an `OpaquePointer`: `rocksdb_flush_wal` is
/// thread-safe, and the owning `Database` calls `stop()` — which joins the thread — before it
/// closes the handle, so the pointer never dangles. The other properties are Sendable.
final class WALSyncer: @unchecked Sendable {
    private let database: OpaquePointer
    private let path: String
    private let interval: DispatchTimeInterval
    private let stopRequested = DispatchSemaphore(value: 0)
    private let exited = DispatchSemaphore(value: 0)
    private let firstFailure = Mutex<StorageError?>(nil)

    init(database: OpaquePointer, path: String, interval: Duration) {
        self.database = database
        self.path = path
        let (seconds, attoseconds) = interval.components
        self.interval = .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
        let thread = Thread { [self] in run() }
        thread.name = "storage-wal-sync"
        thread.start()
    }

    /// The first sync failure, if any.
    var failure: StorageError? {
        firstFailure.withLock { $0 }
    }

    /// Ends the loop and waits for the thread to leave it. Call once.
    func stop() {
        stopRequested.signal()
        exited.wait()
    }

    private func run() {
        while stopRequested.wait(timeout: .now() + interval) == .timedOut {
            let (_, error) = capturingRocksDBError { rocksdb_flush_wal(database, 1, $0) }
            if let error {
                let failure = StorageError(rocksDBMessage: error, path: path)
                firstFailure.withLock { $0 = $0 ?? failure }
            }
        }
        exited.signal()
    }
}
