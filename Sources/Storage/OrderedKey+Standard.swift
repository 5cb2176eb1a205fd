extension UInt8: OrderedKey {}
extension UInt16: OrderedKey {}
extension UInt32: OrderedKey {}
extension UInt64: OrderedKey {}

extension OrderedKey where Self: FixedWidthInteger & UnsignedInteger {
    public func encode(into encoder: inout KeyEncoder) {
        encoder.append(bigEndian: self)
    }

    public init(from decoder: inout KeyDecoder) throws(StorageError) {
        self = try decoder.readBigEndian(Self.self)
    }
}

/// Signed integers flip the sign bit, so negative values sort before positive ones.
extension Int64: OrderedKey {
    public func encode(into encoder: inout KeyEncoder) {
        encoder.append(bigEndian: UInt64(bitPattern: self) ^ (1 << 63))
    }

    public init(from decoder: inout KeyDecoder) throws(StorageError) {
        self = Int64(bitPattern: try decoder.readBigEndian(UInt64.self) ^ (1 << 63))
    }
}

/// UTF-8 bytes, escaped and terminated; sorts by UTF-8 byte order (= Unicode scalar order).
extension String: OrderedKey {
    public func encode(into encoder: inout KeyEncoder) {
        encoder.append(escaped: utf8)
    }

    public init(from decoder: inout KeyDecoder) throws(StorageError) {
        let bytes = try decoder.readEscaped()
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw .malformedKey(reason: "string component is not valid UTF-8")
        }
        self = string
    }
}

/// Arbitrary bytes, escaped and terminated like strings.
extension Array: OrderedKey where Element == UInt8 {
    public func encode(into encoder: inout KeyEncoder) {
        encoder.append(escaped: self)
    }

    public init(from decoder: inout KeyDecoder) throws(StorageError) {
        self = try decoder.readEscaped()
    }
}
