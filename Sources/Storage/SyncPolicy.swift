/// When an acknowledged write reaches stable storage. See docs/storage.md for the trade-off.
public enum SyncPolicy: Sendable, Equatable {
    /// Every `write` returns only after the WAL has been fsynced: an acknowledged batch survives
    /// power loss. Concurrent writers still share fsyncs through RocksDB's write groups.
    case everyBatch
    /// A `write` returns once its WAL record is in the OS page cache (it survives a process
    /// crash); a background thread fsyncs the WAL every `interval`, so power loss forgets at
    /// most the last `interval` of acknowledged writes.
    case groupCommit(interval: Duration)

    /// Allowed group-commit intervals: below a millisecond the syncer would spin, above ten
    /// seconds the loss window stops being "bounded" in any useful sense.
    public static let groupCommitIntervals: ClosedRange<Duration> = .milliseconds(1) ... .seconds(10)

    func validate(path: String) throws(StorageError) {
        if case .groupCommit(let interval) = self, !Self.groupCommitIntervals.contains(interval) {
            throw .invalidArgument(
                path: path,
                message: "group commit interval \(interval) is outside \(Self.groupCommitIntervals)"
            )
        }
    }
}
