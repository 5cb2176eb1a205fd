/// A value that writes and reads its binary form by hand: the same bytes its `Codable`
/// conformance gives through `BinaryEncoder`, without the `Codable` machinery.
///
/// `BinaryEncoder` and `BinaryDecoder` use these methods wherever they meet such a value,
/// at the top or nested in a `Codable` one. Only the few values every contact carries
/// are worth it: through `Codable`, each keyed container costs a generic metadata
/// lookup, a box and a retain per field (`bench codec`).
///
/// The bytes must stay exactly those of the `Codable` conformance, so that logs written
/// before the value had a hand-written codec replay, and either way of decoding reads
/// either way of encoding. `CodableOnly` gives the conformance's own bytes to test
/// against.
public protocol BinaryCodable: Codable {
    /// Writes the value's encoding, without a length prefix.
    func write(to writer: inout ByteWriter) throws

    /// Reads the value from `reader`, which spans exactly its encoding.
    init(reading reader: inout ByteReader) throws
}

/// A value encoded and decoded through its `Codable` conformance alone, even if it has a
/// hand-written codec: the reference the hand-written bytes must match.
public struct CodableOnly<Value: Codable>: Codable {
    public var value: Value

    public init(_ value: Value) {
        self.value = value
    }

    public init(from decoder: any Decoder) throws {
        value = try Value(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
    }
}

extension ByteWriter {
    /// Writes what `body` writes behind its length in bytes, as the generic encoder writes
    /// a keyed container's value or a list's element. One byte is reserved for the
    /// length and widened in the rare case the value is 128 bytes or longer.
    public mutating func writeLengthPrefixed(_ body: (inout ByteWriter) throws -> Void) rethrows {
        let lengthAt = bytes.count
        bytes.append(0)
        try body(&self)
        let length = bytes.count - lengthAt - 1
        if length < 0x80 {
            bytes[lengthAt] = UInt8(length)
            return
        }
        var prefix = ByteWriter()
        prefix.writeVarint(UInt64(length))
        bytes.replaceSubrange(lengthAt..<lengthAt + 1, with: prefix.bytes)
    }

    /// One field of a keyed container whose count was written first.
    public mutating func writeField(_ key: String, _ body: (inout ByteWriter) throws -> Void) rethrows {
        writeString(key)
        try writeLengthPrefixed(body)
    }

    /// A `Double` as the generic encoder writes it: its IEEE bits, little-endian.
    public mutating func writeDouble(_ value: Double) {
        writeFixed(value.bitPattern)
    }

    /// A `[String: String]` as `Dictionary`'s `Codable` conformance writes it: a keyed
    /// container of string values, in the dictionary's own order.
    public mutating func writeStringDictionary(_ dictionary: [String: String]) {
        writeVarint(UInt64(dictionary.count))
        for (key, value) in dictionary {
            writeField(key) { $0.writeString(value) }
        }
    }
}

extension ByteReader {
    /// Reads a keyed container, handing `field` each key and a reader over its value, in
    /// the order sent. A key sent twice is handed over twice: the later value wins where
    /// `field` assigns, as in the generic decoder.
    public mutating func readFields(_ field: (String, inout ByteReader) throws -> Void) throws {
        let count = try readLength()
        for _ in 0..<count {
            let key = try readString()
            var value = ByteReader(bytes, range: try readRange())
            try field(key, &value)
        }
        try expectEnd("keyed container")
    }

    /// The value of `key` in the keyed container this reader spans, read by `body`; other
    /// keys are skipped, as by a synthesized conformance.
    public mutating func readField<T>(_ key: String, of type: Any.Type, _ body: (inout ByteReader) throws -> T) throws -> T {
        var found: T?
        try readFields { name, value in
            if name == key { found = try body(&value) }
        }
        guard let found else { throw WireError.missingField(key, of: type) }
        return found
    }

    /// A case of an enum with a synthesized conformance: a keyed container of one key, the
    /// case's name, whose value is a keyed container of the case's values by label (`_0`
    /// for one without). `body` makes the case from its name and a reader over its values.
    public mutating func readCase<T>(of type: Any.Type, _ body: (String, inout ByteReader) throws -> T) throws -> T {
        var found: T?
        try readFields { name, values in
            guard found == nil else { throw WireError.malformed("more than one case of \(type)") }
            found = try body(name, &values)
        }
        guard let found else { throw WireError.malformed("no case of \(type)") }
        return found
    }

    /// Throws unless everything up to `end` was read.
    public func expectEnd(_ what: String) throws(WireError) {
        guard isAtEnd else { throw .malformed("\(remaining) trailing bytes after \(what)") }
    }

    /// A whole value that is one varint, narrowed to `T`.
    public mutating func readUnsignedValue<T: FixedWidthInteger & UnsignedInteger>(_: T.Type) throws(WireError) -> T {
        let raw = try readVarint()
        try expectEnd("\(T.self)")
        guard let value = T(exactly: raw) else { throw .malformed("\(raw) does not fit \(T.self)") }
        return value
    }

    /// A whole value that is one string.
    public mutating func readStringValue() throws(WireError) -> String {
        let value = try readString()
        try expectEnd("String")
        return value
    }

    /// A whole value that is one `Double`.
    public mutating func readDoubleValue() throws(WireError) -> Double {
        let value = Double(bitPattern: try readFixed(UInt64.self))
        try expectEnd("Double")
        return value
    }

    /// A whole value that is a `[String: String]` as `writeStringDictionary` writes it.
    public mutating func readStringDictionary() throws -> [String: String] {
        var dictionary: [String: String] = [:]
        try readFields { key, value in dictionary[key] = try value.readStringValue() }
        return dictionary
    }
}

extension WireError {
    /// A required field the bytes did not hold.
    public static func missingField(_ key: String, of type: Any.Type) -> WireError {
        .malformed("no value for '\(key)' of \(type)")
    }
}
