/// A half-open range of raw keys, `[lowerBound, upperBound)`, in RocksDB's bytewise order.
public struct KeyRange: Sendable, Equatable {
    /// The first key included.
    public var lowerBound: [UInt8]
    /// The first key excluded; `nil` runs to the end of the column family.
    public var upperBound: [UInt8]?

    public init(from lowerBound: [UInt8], to upperBound: [UInt8]?) {
        self.lowerBound = lowerBound
        self.upperBound = upperBound
    }

    /// Every key of the column family.
    public static let all = KeyRange(from: [], to: nil)

    /// Every key that starts with `prefix`.
    public static func prefix(_ prefix: [UInt8]) -> KeyRange {
        KeyRange(from: prefix, to: successor(ofPrefix: prefix))
    }

    /// The smallest key greater than every key starting with `prefix`, or `nil` when no such key
    /// exists (the prefix is empty or all `0xFF`).
    static func successor(ofPrefix prefix: [UInt8]) -> [UInt8]? {
        guard let last = prefix.lastIndex(where: { $0 != 0xFF }) else { return nil }
        var successor = Array(prefix[...last])
        successor[last] += 1
        return successor
    }
}
