@testable import ContactCenter
import Sharding
import Testing

/// A routing domain rebuilt from its log's bytes, as a new primary rebuilds it: logs of
/// this version and of earlier ones.
struct RoutingDomainReplayTests {
    static let queue = Queue(id: QueueID(1), requirements: [Fixture.skill(1)])

    func configuration(queues: [Queue]) -> RoutingDomainConfiguration {
        RoutingDomainConfiguration(tenant: TenantID(1), region: Fixture.region, queues: queues, settings: Fixture.settings())
    }

    /// One contact offered to the one agent, accepted and finished; then new queues; then a
    /// second contact offered, and accepted under `secondReservation`.
    func log(configured: (RoutingDomainConfiguration) -> RoutingDomainRecord, secondReservation: UInt64) throws -> [[UInt8]] {
        let request = RequestID(client: 7, number: 1)
        let records: [RoutingDomainRecord] = [
            configured(configuration(queues: [Self.queue])),
            .event(.agentAdded(Fixture.agent(1, skills: [(1, 3)]), status: .available), at: Timestamp(seconds: 0)),
            .events([.contactArrived(Fixture.contact(1, queue: 1)), .reservationAccepted(ReservationID(1))], at: Timestamp(seconds: 1)),
            .event(.contactEnded(ContactID(1)), at: Timestamp(seconds: 2)),
            configured(configuration(queues: [Self.queue, Queue(id: QueueID(2), requirements: [Fixture.skill(1)])])),
            .requests([RequestedEvent(event: .contactArrived(Fixture.contact(2, queue: 2)), request: nil)], at: Timestamp(seconds: 3)),
            .requests([RequestedEvent(event: .reservationAccepted(ReservationID(secondReservation)), request: request),
                       RequestedEvent(event: .reservationAccepted(ReservationID(secondReservation)), request: request)],
                      at: Timestamp(seconds: 4)),
        ]
        return try records.map { try $0.bytes }
    }

    func replayed(_ log: [[UInt8]]) -> RoutingDomainReplay {
        var replay = RoutingDomainReplay()
        for bytes in log { replay.apply(bytes) }
        return replay
    }

    @Test func aLogOfThisVersionKeepsReservationIDsAcrossANewConfiguration() throws {
        let replay = replayed(try log(configured: { .configuredKeepingReservationIDs($0) }, secondReservation: 2))
        #expect(replay.engine?.state(of: ContactID(2)) == .connected)
        #expect(replay.history.offer(ReservationID(2))?.contact == ContactID(2))
        #expect(replay.history.offer(ReservationID(1))?.contact == ContactID(1))
        // The request logged twice was applied once and its answer kept.
        let answer = replay.answered.answer(to: RequestID(client: 7, number: 1))
        #expect(answer == .applied([]))
    }

    /// Earlier versions restarted reservation IDs at every new configuration, and their
    /// logs name offers that way: replayed by this version, the same events do the same.
    @Test func aLogOfEarlierVersionsReplaysAsItWasWritten() throws {
        let replay = replayed(try log(configured: { .configured($0) }, secondReservation: 1))
        #expect(replay.engine?.state(of: ContactID(2)) == .connected)
        #expect(replay.history.offer(ReservationID(1))?.contact == ContactID(2))
    }

    @Test func bytesThatAreNoRecordAreSkipped() throws {
        var replay = RoutingDomainReplay()
        replay.apply([0xFF, 0x00, 0x13])
        #expect(replay.engine == nil)
        replay.apply(try RoutingDomainRecord.configuredKeepingReservationIDs(configuration(queues: [Self.queue])).bytes)
        replay.apply([])
        #expect(replay.engine?.configuration.queues.map(\.id) == [QueueID(1)])
    }
}
