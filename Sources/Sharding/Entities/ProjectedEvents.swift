import ClusterSystem

/// Events of several entities of one shard as one log entry's payload: what a
/// projection writes (`EntityJournal.project`), so that a batch of events for many
/// entities costs one entry of the shard's log rather than one each.
///
/// A marker, a count, then each event as an `EntityRecord` without its marker.
struct ProjectedEvents: Equatable {
    var records: [EntityRecord]

    private static let marker: [UInt8] = Array("SBE2".utf8)

    init(_ records: [EntityRecord]) {
        self.records = records
    }

    var payload: [UInt8] {
        var writer = ByteWriter()
        writer.bytes = Self.marker
        writer.writeVarint(UInt64(records.count))
        for record in records {
            writer.writeString(record.kind)
            writer.writeString(record.key)
            writer.writeLengthPrefixed(record.event)
        }
        return writer.bytes
    }

    /// The events in `payload`, or nil for a payload that is not a projection's.
    init?(payload: [UInt8]) {
        guard payload.starts(with: Self.marker) else { return nil }
        var reader = ByteReader(payload, range: Self.marker.count..<payload.count)
        guard let count = try? reader.readVarint(), count <= UInt64(reader.remaining) else { return nil }
        var records: [EntityRecord] = []
        records.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let kind = try? reader.readString(), let key = try? reader.readString(),
                  let event = try? reader.readBytes() else { return nil }
            records.append(EntityRecord(kind: kind, key: key, event: event))
        }
        guard reader.isAtEnd else { return nil }
        self.init(records)
    }

    /// The size of `record` in a payload, near enough for keeping payloads under the log's limit.
    static func estimatedBytes(of record: EntityRecord) -> Int {
        record.kind.utf8.count + record.key.utf8.count + record.event.count + 12
    }

    static let headerBytes = marker.count + 10
}

/// What the log store needs of any entity payload, one event or a projection's many.
enum EntityPayload {
    /// The index keys of the entities with events in `payload`, each once; empty for
    /// a payload that is not an entity's.
    static func entityHashes(in payload: [UInt8]) -> [UInt64] {
        if let single = EntityRecord.entityHash(inPayload: payload) { return [single] }
        guard let projected = ProjectedEvents(payload: payload) else { return [] }
        return Array(Set(projected.records.map { EntityRecord.entityHash(kind: $0.kind, key: $0.key) }))
    }

    /// The events of entity `kind`/`key` in `payload`, in order.
    static func events(of kind: String, key: String, in payload: [UInt8]) -> [[UInt8]] {
        if let record = EntityRecord(payload: payload) {
            return record.kind == kind && record.key == key ? [record.event] : []
        }
        return ProjectedEvents(payload: payload)?.records.filter { $0.kind == kind && $0.key == key }.map(\.event) ?? []
    }

    /// The paths of the entities with events in a projection's `payload`; empty for any other.
    static func projectedPaths(in payload: [UInt8]) -> [String] {
        ProjectedEvents(payload: payload)?.records.map { EntityPath.of(kind: $0.kind, key: $0.key) } ?? []
    }
}
