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
        if let direct = Self.encodeDirectly(value) { return direct }
        let node = EncodingNode()
        try value.encode(to: NodeEncoder(node: node, codingPath: []))
        var writer = ByteWriter()
        writer.bytes.reserveCapacity(node.serializedSize())
        node.serialize(into: &writer)
        return writer.bytes
    }

    /// The types the hot path sends most, written without the `Encoder` machinery.
    static func encodeDirectly<T: Encodable>(_ value: T) -> [UInt8]? {
        var writer = ByteWriter()
        switch value {
        case let bytes as [UInt8]: writer.writeLengthPrefixed(bytes)
        case let string as String: writer.writeString(string)
        case let int as Int: writer.writeSigned(Int64(int))
        case let int as Int64: writer.writeSigned(int)
        case let uint as UInt64: writer.writeVarint(uint)
        case let bool as Bool: writer.bytes.append(bool ? 1 : 0)
        default: return nil
        }
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
        case bytes([UInt8])
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
        case .bytes(let bytes):
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
        case .bytes(let bytes):
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
        var value = UInt64(value)
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
        case .empty, .null, .bytes: 0
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

/// Encodes one value into `node`: primitives as bytes, anything else through its own `encode(to:)`.
private func encodeValue<T: Encodable>(_ value: T, into node: EncodingNode, codingPath: [any CodingKey]) throws {
    if let direct = BinaryEncoder.encodeDirectly(value) {
        node.content = .bytes(direct)
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
        node.appendKeyed(key.stringValue).content = .bytes([value ? 1 : 0])
    }

    mutating func encode(_ value: Double, forKey key: Key) throws {
        node.appendKeyed(key.stringValue).content = .bytes(PrimitiveBytes.double(value))
    }

    mutating func encode(_ value: Float, forKey key: Key) throws {
        node.appendKeyed(key.stringValue).content = .bytes(PrimitiveBytes.float(value))
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
        node.appendUnkeyed().content = .bytes(PrimitiveBytes.double(value))
    }

    mutating func encode(_ value: Float) throws {
        node.appendUnkeyed().content = .bytes(PrimitiveBytes.float(value))
    }

    mutating func encode(_ value: UInt8) throws {
        node.appendUnkeyed().content = .bytes(PrimitiveBytes.integer(value))
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
        node.content = .bytes(PrimitiveBytes.double(value))
    }

    mutating func encode(_ value: Float) throws {
        node.content = .bytes(PrimitiveBytes.float(value))
    }

    mutating func encode(_ value: Bool) throws { node.content = .bytes([value ? 1 : 0]) }
    mutating func encode(_ value: String) throws { try encodeValue(value, into: node, codingPath: codingPath) }
    mutating func encode(_ value: Int) throws { node.content = .bytes(PrimitiveBytes.integer(value)) }
    mutating func encode(_ value: Int8) throws { node.content = .bytes(PrimitiveBytes.integer(value)) }
    mutating func encode(_ value: Int16) throws { node.content = .bytes(PrimitiveBytes.integer(value)) }
    mutating func encode(_ value: Int32) throws { node.content = .bytes(PrimitiveBytes.integer(value)) }
    mutating func encode(_ value: Int64) throws { node.content = .bytes(PrimitiveBytes.integer(value)) }
    mutating func encode(_ value: UInt) throws { node.content = .bytes(PrimitiveBytes.integer(value)) }
    mutating func encode(_ value: UInt8) throws { node.content = .bytes(PrimitiveBytes.integer(value)) }
    mutating func encode(_ value: UInt16) throws { node.content = .bytes(PrimitiveBytes.integer(value)) }
    mutating func encode(_ value: UInt32) throws { node.content = .bytes(PrimitiveBytes.integer(value)) }
    mutating func encode(_ value: UInt64) throws { node.content = .bytes(PrimitiveBytes.integer(value)) }
}

/// Encodings of the primitives `encodeDirectly` does not cover.
enum PrimitiveBytes {
    static func double(_ value: Double) -> [UInt8] {
        var writer = ByteWriter()
        writer.writeFixed(value.bitPattern)
        return writer.bytes
    }

    static func float(_ value: Float) -> [UInt8] {
        var writer = ByteWriter()
        writer.writeFixed(value.bitPattern)
        return writer.bytes
    }

    /// Every integer type, by width and signedness.
    static func integer<T: BinaryInteger>(_ value: T) -> [UInt8] {
        var writer = ByteWriter()
        if T.isSigned {
            writer.writeSigned(Int64(value))
        } else {
            writer.writeVarint(UInt64(value))
        }
        return writer.bytes
    }
}
