/// A tuple of key components, encoded one after another: ordered lexicographically by
/// component. A `CompositeKey` of a key's first components encodes to a prefix of the key,
/// which is how a keyspace scans, say, one shard's log: `CompositeKey(shard)`.
public struct CompositeKey<each Component: OrderedKey>: OrderedKey {
    public let components: (repeat each Component)

    public init(_ components: repeat each Component) {
        self.components = (repeat each components)
    }

    public func encode(into encoder: inout KeyEncoder) {
        for component in repeat each components {
            component.encode(into: &encoder)
        }
    }

    public init(from decoder: inout KeyDecoder) throws(StorageError) {
        components = (repeat try (each Component).init(from: &decoder))
    }
}
