@testable import Sharding
import Testing

/// The payload of a projection: read back as written, and anything else is not one.
struct ProjectedEventsTests {
    let records = [
        EntityRecord(kind: "session", key: "1/7", event: [1, 2, 3]),
        EntityRecord(kind: "session", key: "1/8", event: []),
        EntityRecord(kind: "session", key: "1/7", event: [4]),
    ]

    @Test func aPayloadReadsBackAsWritten() throws {
        let payload = ProjectedEvents(records).payload
        #expect(ProjectedEvents(payload: payload) == ProjectedEvents(records))
        #expect(EntityRecord(payload: payload) == nil)
        #expect(EntityPayload.events(of: "session", key: "1/7", in: payload) == [[1, 2, 3], [4]])
        #expect(EntityPayload.events(of: "session", key: "1/9", in: payload).isEmpty)
        #expect(Set(EntityPayload.entityHashes(in: payload))
            == [EntityRecord.entityHash(kind: "session", key: "1/7"), EntityRecord.entityHash(kind: "session", key: "1/8")])
        #expect(EntityPayload.projectedPaths(in: payload) == records.map { EntityPath.of(kind: $0.kind, key: $0.key) })
    }

    @Test func aSingleEntitysEventIsStillRead() {
        let payload = records[0].payload
        #expect(EntityPayload.events(of: "session", key: "1/7", in: payload) == [[1, 2, 3]])
        #expect(EntityPayload.entityHashes(in: payload) == [EntityRecord.entityHash(kind: "session", key: "1/7")])
        #expect(EntityPayload.projectedPaths(in: payload).isEmpty)
    }

    /// Every cut of a payload, and random bytes after the marker, read as no projection
    /// rather than a wrong one or a crash.
    @Test func damagedPayloadsAreNotProjections() {
        let payload = ProjectedEvents(records).payload
        for end in 0..<payload.count {
            #expect(ProjectedEvents(payload: Array(payload[..<end])) == nil, "cut at \(end)")
        }
        #expect(ProjectedEvents(payload: payload + [0]) == nil)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let noise = (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let read = ProjectedEvents(payload: Array("SBE2".utf8) + noise)
            // Whatever noise happens to decode is a projection that reads back the same.
            if let read { #expect(ProjectedEvents(payload: read.payload) == read) }
        }
        #expect(EntityPayload.entityHashes(in: [1, 2, 3]).isEmpty)
        #expect(EntityPayload.events(of: "session", key: "1/7", in: []).isEmpty)
    }
}
