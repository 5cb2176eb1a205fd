import CRocksDB

/// Runs a RocksDB C call that reports failure through a `char **errptr`, and returns its
/// result with the error message, if any. The C string is always released with `rocksdb_free`.
///
/// The body does not throw so that callers can nest it inside `withUnsafe…` closures and still
/// throw a typed `StorageError` afterwards.
func capturingRocksDBError<Result>(
    _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Result
) -> (result: Result, error: String?) {
    var errorPointer: UnsafeMutablePointer<CChar>?
    let result = body(&errorPointer)
    guard let errorPointer else { return (result, nil) }
    let message = String(cString: errorPointer)
    rocksdb_free(errorPointer)
    return (result, message)
}

extension Array where Element == UInt8 {
    /// Lends the bytes as the `const char *` plus length that RocksDB's C API takes.
    func withCChars<Result>(_ body: (UnsafePointer<CChar>, Int) -> Result) -> Result {
        withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else {
                var empty: CChar = 0
                return body(&empty, 0)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { body($0, buffer.count) }
        }
    }
}

extension UnsafePointer<CChar> {
    /// Copies `count` bytes that RocksDB lent us (valid only until its next call) into an array.
    func copyBytes(count: Int) -> [UInt8] {
        [UInt8](UnsafeRawBufferPointer(start: self, count: count))
    }
}
