import ClusterSystem

/// An entity's event as a log entry's payload: a marker, the kind, the key, the event.
/// Other writes share the log; the marker tells entity events apart.
struct EntityRecord: Equatable {
    var kind: String
    var key: String
    var event: [UInt8]

    private static let marker: [UInt8] = Array("SBE1".utf8)

    var payload: [UInt8] {
        var writer = ByteWriter()
        writer.bytes = Self.marker
        writer.writeString(kind)
        writer.writeString(key)
        writer.writeLengthPrefixed(event)
        return writer.bytes
    }

    /// The record in `payload`, or nil for a payload that is not an entity event.
    init?(payload: [UInt8]) {
        guard payload.starts(with: Self.marker) else { return nil }
        var reader = ByteReader(payload, range: Self.marker.count..<payload.count)
        guard let kind = try? reader.readString(), let key = try? reader.readString(),
              let event = try? reader.readBytes(), reader.isAtEnd else { return nil }
        self.init(kind: kind, key: key, event: event)
    }

    /// The index key of the entity whose event `payload` is, read without copying the
    /// event; nil for a payload that is not an entity event.
    static func entityHash(inPayload payload: [UInt8]) -> UInt64? {
        entity(inPayload: payload).map { entityHash(kind: $0.kind, key: $0.key) }
    }

    /// The kind and key of the entity whose event `payload` is, read without copying the
    /// event; nil for a payload that is not an entity event.
    static func entity(inPayload payload: [UInt8]) -> (kind: String, key: String)? {
        guard payload.starts(with: marker) else { return nil }
        var reader = ByteReader(payload, range: marker.count..<payload.count)
        guard let kind = try? reader.readString(), let key = try? reader.readString() else { return nil }
        return (kind, key)
    }

    /// A stable 64-bit hash of an entity kind, for persisted keys as `entityHash`.
    static func kindHash(_ kind: String) -> UInt64 {
        var hasher = FNV1a64()
        hasher.combine(bytes: kind.utf8)
        return hasher.finalized
    }

    /// A stable 64-bit hash of the entity's kind and key: the same on every node and run,
    /// so it can be part of a persisted key. Collisions only cost a filtered extra read.
    static func entityHash(kind: String, key: String) -> UInt64 {
        var hasher = FNV1a64()
        hasher.combine(bytes: kind.utf8)
        hasher.combine(bytes: [0])
        hasher.combine(bytes: key.utf8)
        return hasher.finalized
    }

    init(kind: String, key: String, event: [UInt8]) {
        self.kind = kind
        self.key = key
        self.event = event
    }
}
