/// Point reads and ordered iteration, from the live database or from a `Snapshot`.
public protocol StoreReader: Sendable {
    /// The value stored under `key`, or `nil` when there is none.
    func get(_ key: [UInt8], in family: ColumnFamily) throws(StorageError) -> [UInt8]?
    /// A cursor over `range` in ascending key order.
    func cursor(in family: ColumnFamily, range: KeyRange) throws(StorageError) -> Cursor
}

extension StoreReader {
    /// Up to `limit` entries of `range`, in ascending key order.
    public func scan(in family: ColumnFamily, range: KeyRange, limit: Int = .max) throws(StorageError) -> [Entry] {
        let cursor = try cursor(in: family, range: range)
        var entries: [Entry] = []
        while entries.count < limit, let entry = try cursor.next() {
            entries.append(entry)
        }
        return entries
    }
}
