/// Decodes what `BinaryEncoder` wrote. Untrusted input throws `DecodingError`
/// or `WireError`; it never traps, and it sizes nothing by a count the input
/// claims: what it allocates grows with the bytes it has actually read.
public struct BinaryDecoder: Sendable {
    /// Containers nested deeper than this are refused, so hostile input cannot
    /// exhaust the stack through recursion.
    public static let maximumDepth = 64

    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try decode(type, from: bytes, range: 0..<bytes.count)
    }

    func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], range: Range<Int>) throws -> T {
        if let direct = try Self.decodeDirectly(type, from: bytes, range: range) { return direct }
        if let handWritten = try Self.decodeHandWritten(type, from: bytes, range: range) { return handWritten }
        return try T(from: NodeDecoder(bytes: bytes, range: range, codingPath: []))
    }

    /// A `BinaryCodable` value through its own reader; nil for any other type.
    static func decodeHandWritten<T: Decodable>(_ type: T.Type, from bytes: [UInt8], range: Range<Int>) throws -> T? {
        guard let handWritten = type as? any BinaryCodable.Type else { return nil }
        var reader = ByteReader(bytes, range: range)
        let value = try handWritten.init(reading: &reader)
        try reader.expectEnd("\(T.self)")
        return value as? T
    }

    static func decodeDirectly<T: Decodable>(_ type: T.Type, from bytes: [UInt8], range: Range<Int>) throws -> T? {
        // Metatypes compared, not cast: a failed `is` for each candidate cost more than
        // reading the value (`bench codec`).
        var reader = ByteReader(bytes, range: range)
        let value: Any
        if type == String.self {
            value = try reader.readString()
        } else if type == Int.self {
            value = Int(try reader.readSigned())
        } else if type == UInt64.self {
            value = try reader.readVarint()
        } else if type == Int64.self {
            value = try reader.readSigned()
        } else if type == Bool.self {
            value = try readBool(&reader)
        } else if type == [UInt8].self {
            value = try reader.readBytes()
        } else {
            return nil
        }
        guard reader.isAtEnd else { throw WireError.malformed("\(reader.remaining) trailing bytes after \(T.self)") }
        return value as? T
    }

    static func readBool(_ reader: inout ByteReader) throws(WireError) -> Bool {
        switch try reader.readByte() {
        case 0: false
        case 1: true
        case let other: throw .malformed("\(other) is not a Bool")
        }
    }
}

struct NodeDecoder: Decoder {
    let bytes: [UInt8]
    let range: Range<Int>
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func checkDepth() throws {
        guard codingPath.count < BinaryDecoder.maximumDepth else {
            throw WireError.malformed("nesting deeper than \(BinaryDecoder.maximumDepth)")
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        try checkDepth()
        return KeyedDecodingContainer(try KeyedNodeDecoder<Key>(bytes: bytes, range: range, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try checkDepth()
        return try UnkeyedNodeDecoder(bytes: bytes, range: range, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueNodeDecoder(bytes: bytes, range: range, codingPath: codingPath)
    }
}

/// Decodes one value occupying exactly `range`.
private func decodeValue<T: Decodable>(_ type: T.Type, bytes: [UInt8], range: Range<Int>,
                                       codingPath: [any CodingKey]) throws -> T {
    if let direct = try BinaryDecoder.decodeDirectly(type, from: bytes, range: range) { return direct }
    if let handWritten = try BinaryDecoder.decodeHandWritten(type, from: bytes, range: range) { return handWritten }
    return try T(from: NodeDecoder(bytes: bytes, range: range, codingPath: codingPath))
}

struct KeyedNodeDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let bytes: [UInt8]
    let codingPath: [any CodingKey]
    /// In the order sent; a key sent twice counts its last value. A type reads a handful
    /// of keys, so a scan costs less than hashing every key into a dictionary.
    private let entries: [(key: String, range: Range<Int>)]
    /// Only for large containers, where scans for every key a type reads would add up.
    private let index: [String: Range<Int>]?
    private static var scanLimit: Int { 16 }

    init(bytes: [UInt8], range: Range<Int>, codingPath: [any CodingKey]) throws {
        self.bytes = bytes
        self.codingPath = codingPath
        var reader = ByteReader(bytes, range: range)
        let count = try reader.readLength()
        // Sized by what the bytes can hold (an entry takes at least two), never by the
        // count alone: that is the sender's word, and could dwarf the input.
        var entries: [(key: String, range: Range<Int>)] = []
        entries.reserveCapacity(min(count, reader.remaining / 2))
        for _ in 0..<count {
            let key = try reader.readString()
            entries.append((key, try reader.readRange()))
        }
        guard reader.isAtEnd else { throw WireError.malformed("\(reader.remaining) trailing bytes in keyed container") }
        self.entries = entries
        index = entries.count > Self.scanLimit ? Dictionary(entries, uniquingKeysWith: { $1 }) : nil
    }

    var allKeys: [Key] {
        var seen = Set<String>()
        return entries.reversed().compactMap { seen.insert($0.key).inserted ? Key(stringValue: $0.key) : nil }
    }

    func contains(_ key: Key) -> Bool { value(of: key.stringValue) != nil }

    private func value(of key: String) -> Range<Int>? {
        if let index { return index[key] }
        return entries.last { $0.key == key }?.range
    }

    private func range(for key: Key) throws -> Range<Int> {
        guard let range = value(of: key.stringValue) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no value for '\(key.stringValue)'"))
        }
        return range
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        try range(for: key).isEmpty
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        // An empty range is nil: `Optional` reads it as such, any other type finds it truncated.
        try decodeValue(type, bytes: bytes, range: try range(for: key), codingPath: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try NodeDecoder(bytes: bytes, range: try range(for: key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try NodeDecoder(bytes: bytes, range: try range(for: key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        guard let range = value(of: "super") else {
            throw DecodingError.keyNotFound(SuperKey(), .init(codingPath: codingPath, debugDescription: "no super value"))
        }
        return NodeDecoder(bytes: bytes, range: range, codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        NodeDecoder(bytes: bytes, range: try range(for: key), codingPath: codingPath + [key])
    }

    private struct SuperKey: CodingKey {
        var stringValue = "super"
        var intValue: Int? { nil }
        init() {}
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

struct UnkeyedNodeDecoder: UnkeyedDecodingContainer {
    let bytes: [UInt8]
    let codingPath: [any CodingKey]
    private var reader: ByteReader
    let count: Int?
    private(set) var currentIndex = 0

    init(bytes: [UInt8], range: Range<Int>, codingPath: [any CodingKey]) throws {
        self.bytes = bytes
        self.codingPath = codingPath
        reader = ByteReader(bytes, range: range)
        // Each element takes at least its one-byte length: a count beyond that is corrupt.
        count = try reader.readLength()
    }

    var isAtEnd: Bool { currentIndex >= (count ?? 0) }

    private mutating func nextRange<T>(for type: T.Type) throws -> Range<Int> {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "unkeyed container is at its end"))
        }
        let range = try reader.readRange()
        currentIndex += 1
        if currentIndex == count, !reader.isAtEnd {
            throw WireError.malformed("\(reader.remaining) trailing bytes in unkeyed container")
        }
        return range
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return false }
        var probe = reader
        guard try probe.readLength() == 0 else { return false }
        _ = try nextRange(for: Never.self)
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let index = currentIndex
        let range = try nextRange(for: type)
        // The index joins the path so that nesting through arrays counts towards the depth limit.
        return try decodeValue(type, bytes: bytes, range: range, codingPath: codingPath + [IndexKey(index)])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let path = codingPath + [IndexKey(currentIndex)]
        return try NodeDecoder(bytes: bytes, range: try nextRange(for: Never.self), codingPath: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let path = codingPath + [IndexKey(currentIndex)]
        return try NodeDecoder(bytes: bytes, range: try nextRange(for: Never.self), codingPath: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        NodeDecoder(bytes: bytes, range: try nextRange(for: Never.self), codingPath: codingPath)
    }
}

struct SingleValueNodeDecoder: SingleValueDecodingContainer {
    let bytes: [UInt8]
    let range: Range<Int>
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { range.isEmpty }

    private func reading<T>(_ read: (inout ByteReader) throws -> T) throws -> T {
        var reader = ByteReader(bytes, range: range)
        let value = try read(&reader)
        guard reader.isAtEnd else { throw WireError.malformed("\(reader.remaining) trailing bytes after \(T.self)") }
        return value
    }

    func decode(_ type: Bool.Type) throws -> Bool { try reading { try BinaryDecoder.readBool(&$0) } }
    func decode(_ type: String.Type) throws -> String { try reading { try $0.readString() } }
    func decode(_ type: Double.Type) throws -> Double { try reading { Double(bitPattern: try $0.readFixed(UInt64.self)) } }
    func decode(_ type: Float.Type) throws -> Float { try reading { Float(bitPattern: try $0.readFixed(UInt32.self)) } }
    func decode(_ type: Int.Type) throws -> Int { try signed(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try signed(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try signed(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try signed(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try signed(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try unsigned(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try unsigned(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try unsigned(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try unsigned(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try unsigned(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decodeValue(type, bytes: bytes, range: range, codingPath: codingPath)
    }

    private func signed<T: FixedWidthInteger & SignedInteger>(_: T.Type) throws -> T {
        let raw = try reading { try $0.readSigned() }
        guard let value = T(exactly: raw) else { throw WireError.malformed("\(raw) does not fit \(T.self)") }
        return value
    }

    private func unsigned<T: FixedWidthInteger & UnsignedInteger>(_: T.Type) throws -> T {
        let raw = try reading { try $0.readVarint() }
        guard let value = T(exactly: raw) else { throw WireError.malformed("\(raw) does not fit \(T.self)") }
        return value
    }
}

/// The position of an element in an unkeyed container, as a coding path component.
struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }

    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}
