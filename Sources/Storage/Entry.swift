/// One key-value pair read from a column family.
public struct Entry: Sendable, Equatable {
    public let key: [UInt8]
    public let value: [UInt8]

    public init(key: [UInt8], value: [UInt8]) {
        self.key = key
        self.value = value
    }
}
