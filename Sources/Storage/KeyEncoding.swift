/// A key component with an order-preserving binary encoding: for any two values, comparing
/// their encodings bytewise (RocksDB's default comparator) gives the same order as comparing
/// the values. Every encoding is self-delimiting, so components concatenate into composite keys
/// whose byte order is the lexicographic order of their components, and the encoding of a
/// key's leading components is a byte prefix of the whole key (prefix scans).
public protocol OrderedKey: Sendable {
    func encode(into encoder: inout KeyEncoder)
    init(from decoder: inout KeyDecoder) throws(StorageError)
}

/// Appends key components to a byte string.
///
/// Inlinable so that encoding specializes into the caller: keys are built on every read and write.
public struct KeyEncoder: Sendable {
    @usableFromInline var storage: [UInt8]

    /// The encoded key so far.
    public var bytes: [UInt8] { storage }

    @inlinable
    public init(reservingCapacity capacity: Int = 16) {
        storage = []
        storage.reserveCapacity(capacity)
    }

    /// Big-endian, so that byte order is numeric order.
    @inlinable
    public mutating func append<Integer: FixedWidthInteger & UnsignedInteger>(bigEndian value: Integer) {
        withUnsafeBytes(of: value.bigEndian) { storage.append(contentsOf: $0) }
    }

    /// Escapes each `0x00` as `0x00 0xFF` and terminates with `0x00 0x01`, so a shorter string
    /// sorts first whatever follows it in the key, and an embedded zero stays unambiguous.
    @inlinable
    public mutating func append(escaped value: some Sequence<UInt8>) {
        for byte in value {
            storage.append(byte)
            if byte == 0x00 { storage.append(0xFF) }
        }
        storage.append(0x00)
        storage.append(0x01)
    }

    /// Raw bytes with no delimiter: only for a fixed-size or final component.
    @inlinable
    public mutating func append(raw value: some Sequence<UInt8>) {
        storage.append(contentsOf: value)
    }
}

/// Reads key components back, in the order they were encoded.
public struct KeyDecoder: Sendable {
    private let bytes: [UInt8]
    private var index: Int

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        index = 0
    }

    /// Whether every byte has been consumed.
    public var isAtEnd: Bool { index == bytes.count }

    public mutating func readBigEndian<Integer: FixedWidthInteger & UnsignedInteger>(
        _: Integer.Type
    ) throws(StorageError) -> Integer {
        let size = MemoryLayout<Integer>.size
        guard bytes.count - index >= size else {
            throw .malformedKey(reason: "needs \(size) bytes for \(Integer.self) at offset \(index), has \(bytes.count - index)")
        }
        var value: Integer = 0
        for byte in bytes[index..<index + size] {
            value = value << 8 | Integer(byte)
        }
        index += size
        return value
    }

    public mutating func readEscaped() throws(StorageError) -> [UInt8] {
        var value: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            guard byte == 0x00 else {
                value.append(byte)
                continue
            }
            guard index < bytes.count else { break }
            let marker = bytes[index]
            index += 1
            switch marker {
            case 0x01: return value
            case 0xFF: value.append(0x00)
            default: throw .malformedKey(reason: "byte 0x00 followed by 0x\(String(marker, radix: 16)) at offset \(index - 1)")
            }
        }
        throw .malformedKey(reason: "unterminated escaped component")
    }

    /// Every remaining byte.
    public mutating func readRemaining() -> [UInt8] {
        defer { index = bytes.count }
        return Array(bytes[index...])
    }
}

extension OrderedKey {
    /// The key's encoding on its own.
    public var encodedKey: [UInt8] {
        var encoder = KeyEncoder()
        encode(into: &encoder)
        return encoder.bytes
    }

    /// Decodes a whole key, rejecting trailing bytes.
    public init(encodedKey bytes: [UInt8]) throws(StorageError) {
        var decoder = KeyDecoder(bytes)
        try self.init(from: &decoder)
        guard decoder.isAtEnd else { throw .malformedKey(reason: "trailing bytes after \(Self.self)") }
    }
}
