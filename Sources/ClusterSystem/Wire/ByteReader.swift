/// Reads what `ByteWriter` wrote, within `range` of `bytes`, checking every bound:
/// bytes from the wire are untrusted and a bad length must throw, never trap.
public struct ByteReader {
    public let bytes: [UInt8]
    public private(set) var position: Int
    public let end: Int

    public init(_ bytes: [UInt8], range: Range<Int>? = nil) {
        self.bytes = bytes
        self.position = range?.lowerBound ?? 0
        self.end = range?.upperBound ?? bytes.count
    }

    public var remaining: Int { end - position }
    public var isAtEnd: Bool { position >= end }

    public mutating func readByte() throws(WireError) -> UInt8 {
        guard position < end else { throw .truncated("byte") }
        defer { position += 1 }
        return bytes[position]
    }

    public mutating func readVarint() throws(WireError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            guard shift < 64, shift != 63 || byte <= 1 else { throw .malformed("varint longer than 64 bits") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    public mutating func readSigned() throws(WireError) -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    public mutating func readFixed<T: FixedWidthInteger>(_: T.Type) throws(WireError) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw .truncated("\(T.self)") }
        var value = T.zero
        for index in 0..<size {
            value |= T(truncatingIfNeeded: bytes[position + index]) << (8 * index)
        }
        position += size
        return value
    }

    /// A length that must fit in what is left: a corrupt count cannot make us allocate.
    public mutating func readLength() throws(WireError) -> Int {
        let length = try readVarint()
        guard length <= UInt64(remaining) else { throw .truncated("\(length) bytes, \(remaining) left") }
        return Int(length)
    }

    public mutating func readRange() throws(WireError) -> Range<Int> {
        let length = try readLength()
        defer { position += length }
        return position..<(position + length)
    }

    public mutating func readString() throws(WireError) -> String {
        let range = try readRange()
        guard let string = String(validating: bytes[range], as: UTF8.self) else {
            throw .malformed("string is not UTF-8")
        }
        return string
    }

    public mutating func readBytes() throws(WireError) -> [UInt8] {
        Array(bytes[try readRange()])
    }
}

/// Bytes that are not a valid encoding. Thrown by every decoder in this module.
public enum WireError: Error, Equatable, CustomStringConvertible {
    case truncated(String)
    case malformed(String)

    public var description: String {
        switch self {
        case .truncated(let what): "truncated input: expected \(what)"
        case .malformed(let what): "malformed input: \(what)"
        }
    }
}
