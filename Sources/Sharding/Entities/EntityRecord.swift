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

    init(kind: String, key: String, event: [UInt8]) {
        self.kind = kind
        self.key = key
        self.event = event
    }
}
