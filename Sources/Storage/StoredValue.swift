/// A value type with a byte representation for storage.
public protocol StoredValue: Sendable {
    var storedBytes: [UInt8] { get }
    init(storedBytes: [UInt8]) throws(StorageError)
}

extension Array: StoredValue where Element == UInt8 {
    public var storedBytes: [UInt8] { self }

    public init(storedBytes: [UInt8]) {
        self = storedBytes
    }
}

extension String: StoredValue {
    public var storedBytes: [UInt8] { Array(utf8) }

    public init(storedBytes: [UInt8]) throws(StorageError) {
        guard let string = String(validating: storedBytes, as: UTF8.self) else {
            throw .malformedValue(reason: "string value is not valid UTF-8")
        }
        self = string
    }
}

/// Eight bytes, big-endian.
extension UInt64: StoredValue {
    public var storedBytes: [UInt8] { encodedKey }

    public init(storedBytes: [UInt8]) throws(StorageError) {
        guard storedBytes.count == 8 else {
            throw .malformedValue(reason: "UInt64 value needs 8 bytes, has \(storedBytes.count)")
        }
        self = try UInt64(encodedKey: storedBytes)
    }
}
