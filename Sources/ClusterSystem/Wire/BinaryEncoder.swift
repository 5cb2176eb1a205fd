/// A compact binary `Encoder` for remote-call arguments and results.
///
/// Format (the decoder knows the expected type, so no type tags):
/// - integers as (zigzag) LEB128 varints, floats as little-endian IEEE bits,
///   `Bool` as one byte, strings and `[UInt8]` as a varint length plus bytes;
/// - keyed containers as a count, then (key, length-prefixed value) pairs, so
///   fields can be read in any order and optional fields may be absent;
/// - unkeyed containers as a count, then length-prefixed elements.
/// Every non-nil value encodes to at least one byte, so `nil` is the empty encoding.
public struct BinaryEncoder: Sendable {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        // Primitives first, as when nested: they are the commonest arguments, and a failed
        // cast to `BinaryCodable` costs more than recognising one.
        let primitive = EncodingNode.Content(primitive: value)
        if primitive == nil, let handWritten = try Self.encodeHandWritten(value) { return handWritten }
        let node = EncodingNode()
        if let primitive {
            node.content = primitive
        } else {
            try value.encode(to: NodeEncoder(node: node, codingPath: []))
        }
        var writer = ByteWriter()
        writer.bytes.reserveCapacity(node.serializedSize())
        node.serialize(into: &writer)
        return writer.bytes
    }

    /// A `BinaryCodable` value's own bytes; nil for any other type.
    static func encodeHandWritten<T: Encodable>(_ value: T) throws -> [UInt8]? {
        guard let handWritten = value as? any BinaryCodable else { return nil }
        var writer = ByteWriter()
        try handWritten.write(to: &writer)
        return writer.bytes
    }
}

/// One value being encoded; containers fill it in, `serialize` flattens the tree.
final class EncodingNode {
    enum Content {
        /// Nothing encoded yet.
        case empty
        /// `encodeNil`: serialized, like `.empty`, as no bytes at all.
        case null
        /// Primitives are kept as they are, not as bytes of their own: a leaf is then no
        /// allocation besides its node.
        case unsigned(UInt64)
        case signed(Int64)
        case fixed64(UInt64)
        case fixed32(UInt32)
        case string(String)
        case byteString([UInt8])
        /// A hand-written codec's bytes (`BinaryCodable`), written as they are.
        case encoded([UInt8])
        case keyed([(String, EncodingNode)])
        case unkeyed([EncodingNode])
    }

    var content = Content.empty {
        didSet { size = nil }
    }
    private var size: Int?

    func serialize(into writer: inout ByteWriter) {
        switch content {
        case .empty, .null:
            break
        case .unsigned(let value):
            writer.writeVarint(value)
        case .signed(let value):
            writer.writeSigned(value)
        case .fixed64(let bits):
            writer.writeFixed(bits)
        case .fixed32(let bits):
            writer.writeFixed(bits)
        case .string(let string):
            writer.writeString(string)
        case .byteString(let bytes):
            writer.writeLengthPrefixed(bytes)
        case .encoded(let bytes):
            writer.bytes.append(contentsOf: bytes)
        case .keyed(let entries):
            writer.writeVarint(UInt64(entries.count))
            for (key, child) in entries {
                writer.writeString(key)
                writeChild(child, into: &writer)
            }
        case .unkeyed(let elements):
            writer.writeVarint(UInt64(elements.count))
            for child in elements {
                writeChild(child, into: &writer)
            }
        }
    }

    /// A child's length prefix goes first, so its size is computed before it is written:
    /// the child is then written straight into the parent's buffer, never into a buffer
    /// of its own that is copied up a level, and again at every level above.
    private func writeChild(_ child: EncodingNode, into writer: inout ByteWriter) {
        writer.writeVarint(UInt64(child.serializedSize()))
        child.serialize(into: &writer)
    }

    /// What `serialize` writes, in bytes; computed once per node.
    func serializedSize() -> Int {
        if let size { return size }
        let computed = switch content {
        case .empty, .null:
            0
        case .unsigned(let value):
            Self.varintSize(value)
        case .signed(let value):
            Self.varintSize(ByteWriter.zigzag(value))
        case .fixed64:
            8
        case .fixed32:
            4
        case .string(let string):
            Self.varintSize(string.utf8.count) + string.utf8.count
        case .byteString(let bytes):
            Self.varintSize(bytes.count) + bytes.count
        case .encoded(let bytes):
            bytes.count
        case .keyed(let entries):
            entries.reduce(Self.varintSize(entries.count)) { total, entry in
                let key = entry.0.utf8.count
                let child = entry.1.serializedSize()
                return total + Self.varintSize(key) + key + Self.varintSize(child) + child
            }
        case .unkeyed(let elements):
            elements.reduce(Self.varintSize(elements.count)) { total, element in
                let child = element.serializedSize()
                return total + Self.varintSize(child) + child
            }
        }
        size = computed
        return computed
    }

    private static func varintSize(_ value: Int) -> Int {
        varintSize(UInt64(value))
    }

    private static func varintSize(_ value: UInt64) -> Int {
        var value = value
        var size = 1
        while value >= 0x80 {
            value >>= 7
            size += 1
        }
        return size
    }

    func appendKeyed(_ key: String) -> EncodingNode {
        let child = EncodingNode()
        if case .keyed(var entries) = content {
            content = .empty
            entries.append((key, child))
            content = .keyed(entries)
        } else {
            content = .keyed([(key, child)])
        }
        return child
    }

    func appendUnkeyed() -> EncodingNode {
        let child = EncodingNode()
        if case .unkeyed(var elements) = content {
            content = .empty
            elements.append(child)
            content = .unkeyed(elements)
        } else {
            content = .unkeyed([child])
        }
        return child
    }

    var count: Int {
        switch content {
        case .keyed(let entries): entries.count
        case .unkeyed(let elements): elements.count
        case .empty, .null, .byteString, .encoded, .unsigned, .signed, .fixed64, .fixed32, .string: 0
        }
    }
}

struct NodeEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .empty = node.content { node.content = .keyed([]) }
        return KeyedEncodingContainer(KeyedNodeEncoder<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .empty = node.content { node.content = .unkeyed([]) }
        return UnkeyedNodeEncoder(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueNodeEncoder(node: node, codingPath: codingPath)
    }
}

/// Encodes one value into `node`: the hot path's primitives as themselves, anything else
/// through its own `encode(to:)`.
private func encodeValue<T: Encodable>(_ value: T, into node: EncodingNode, codingPath: [any CodingKey]) throws {
    if let primitive = EncodingNode.Content(primitive: value) {
        node.content = primitive
        return
    }
    if let handWritten = try BinaryEncoder.encodeHandWritten(value) {
        node.content = .encoded(handWritten)
        return
    }
    try value.encode(to: NodeEncoder(node: node, codingPath: codingPath))
    if case .empty = node.content {
        // A type that encoded nothing at all must still differ from nil.
        node.content = .keyed([])
    }
}

struct KeyedNodeEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws {
        node.appendKeyed(key.stringValue).content = .null
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encodeValue(value, into: node.appendKeyed(key.stringValue), codingPath: codingPath + [key])
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws {
        node.appendKeyed(key.stringValue).content = .unsigned(value ? 1 : 0)
    }

    mutating func encode(_ value: Double, forKey key: Key) throws {
        node.appendKeyed(key.stringValue).content = .fixed64(value.bitPattern)
    }

    mutating func encode(_ value: Float, forKey key: Key) throws {
        node.appendKeyed(key.stringValue).content = .fixed32(value.bitPattern)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = node.appendKeyed(key.stringValue)
        return NodeEncoder(node: child, codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        NodeEncoder(node: node.appendKeyed(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        NodeEncoder(node: node.appendKeyed("super"), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: node.appendKeyed(key.stringValue), codingPath: codingPath + [key])
    }
}

struct UnkeyedNodeEncoder: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var count: Int { node.count }

    mutating func encodeNil() throws {
        node.appendUnkeyed().content = .null
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try encodeValue(value, into: node.appendUnkeyed(), codingPath: codingPath)
    }

    mutating func encode(_ value: Double) throws {
        node.appendUnkeyed().content = .fixed64(value.bitPattern)
    }

    mutating func encode(_ value: Float) throws {
        node.appendUnkeyed().content = .fixed32(value.bitPattern)
    }

    mutating func encode(_ value: UInt8) throws {
        node.appendUnkeyed().content = .integer(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: node.appendUnkeyed(), codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        NodeEncoder(node: node.appendUnkeyed(), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        NodeEncoder(node: node.appendUnkeyed(), codingPath: codingPath)
    }
}

struct SingleValueNodeEncoder: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws {
        node.content = .null
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try encodeValue(value, into: node, codingPath: codingPath)
    }

    mutating func encode(_ value: Double) throws {
        node.content = .fixed64(value.bitPattern)
    }

    mutating func encode(_ value: Float) throws {
        node.content = .fixed32(value.bitPattern)
    }

    mutating func encode(_ value: Bool) throws { node.content = .unsigned(value ? 1 : 0) }
    mutating func encode(_ value: String) throws { try encodeValue(value, into: node, codingPath: codingPath) }
    mutating func encode(_ value: Int) throws { node.content = .integer(value) }
    mutating func encode(_ value: Int8) throws { node.content = .integer(value) }
    mutating func encode(_ value: Int16) throws { node.content = .integer(value) }
    mutating func encode(_ value: Int32) throws { node.content = .integer(value) }
    mutating func encode(_ value: Int64) throws { node.content = .integer(value) }
    mutating func encode(_ value: UInt) throws { node.content = .integer(value) }
    mutating func encode(_ value: UInt8) throws { node.content = .integer(value) }
    mutating func encode(_ value: UInt16) throws { node.content = .integer(value) }
    mutating func encode(_ value: UInt32) throws { node.content = .integer(value) }
    mutating func encode(_ value: UInt64) throws { node.content = .integer(value) }
}

extension EncodingNode.Content {
    /// The types the hot path sends most, kept without the `Encoder` machinery.
    /// Metatypes compared, not cast: a failed `as?` for each candidate cost more than
    /// encoding the value (`bench codec`).
    init?<T: Encodable>(primitive value: T) {
        if T.self == String.self {
            self = .string(value as! String)
        } else if T.self == Int.self {
            self = .signed(Int64(value as! Int))
        } else if T.self == UInt64.self {
            self = .unsigned(value as! UInt64)
        } else if T.self == Int64.self {
            self = .signed(value as! Int64)
        } else if T.self == Bool.self {
            self = .unsigned(value as! Bool ? 1 : 0)
        } else if T.self == [UInt8].self {
            self = .byteString(value as! [UInt8])
        } else {
            return nil
        }
    }

    /// Every integer type, by width and signedness.
    static func integer<T: BinaryInteger>(_ value: T) -> Self {
        T.isSigned ? .signed(Int64(value)) : .unsigned(UInt64(value))
    }
}
