@testable import ContactCenter
import Testing

/// What a routing domain owes its customers' sessions, as a new primary replaying the
/// log works it out.
struct SessionFeedTests {
    func arrival(_ id: UInt64) -> RoutingEvent { .contactArrived(Fixture.contact(id, queue: 1)) }

    @Test func arrivalsAreOwedUntilSentAndOnlyArrivalsCount() {
        var feed = SessionFeed()
        feed.note(arrival(1), at: Timestamp(seconds: 10))
        feed.note(.contactAbandoned(ContactID(1)), at: Timestamp(seconds: 11))
        var overflowing = Fixture.contact(2, queue: 1)
        overflowing.waitingSince = Timestamp(seconds: 5)
        feed.note(.contactArrived(overflowing), at: Timestamp(seconds: 12))
        feed.note(arrival(3), at: Timestamp(seconds: 13))
        #expect(feed.unsent.map(\.entry.contact) == [ContactID(1), ContactID(3)])
        #expect(feed.unsent.map(\.number) == [1, 2])
        #expect(feed.unsent.first?.entry.at == Timestamp(seconds: 10))
        #expect(feed.unsent.first?.customer == CustomerID(1))
        #expect(feed.nextBatch(limit: 1).map(\.number) == [1])
        #expect(feed.arrivals == 2)

        feed.sent(through: 1)
        #expect(feed.unsent.map(\.number) == [2])
        feed.sent(through: 2)
        #expect(feed.unsent.isEmpty)
    }

    @Test func sendingIsRecordedAtMostOnceASecond() {
        var feed = SessionFeed()
        #expect(feed.recordWait(now: 100) == nil, "nothing sent, nothing to record")
        for id in 1...3 { feed.note(arrival(UInt64(id)), at: Timestamp(seconds: 100)) }
        #expect(feed.recordWait(now: 100) == nil)
        feed.sent(through: 2)
        #expect(feed.recordWait(now: 100) == 0, "never recorded yet: due at once")
        feed.recorded(through: 2, at: 100)
        #expect(feed.recordWait(now: 100.25) == nil)
        feed.sent(through: 3)
        #expect(feed.recordWait(now: 100.25) == 0.75)
        #expect(feed.recordWait(now: 101.5) == 0)
        feed.recorded(through: 3, at: 101.5)
        #expect(feed.recordWait(now: 101.5) == nil)
        // An older record, replayed or late, never moves the mark back.
        feed.recorded(through: 1, at: 101.6)
        #expect(feed.recordedThrough == 3)
    }

    /// Replay sees the arrivals and the records in log order: what follows the last
    /// record is owed again, whether or not the previous primary had sent it.
    @Test func aReplayOwesWhatFollowsTheLastRecord() {
        var feed = SessionFeed()
        for id in 1...5 { feed.note(arrival(UInt64(id)), at: Timestamp(seconds: 1)) }
        feed.recorded(through: 3, at: 2)
        for id in 6...7 { feed.note(arrival(UInt64(id)), at: Timestamp(seconds: 3)) }
        #expect(feed.unsent.map(\.number) == [4, 5, 6, 7])
        #expect(feed.unsent.map(\.entry.contact) == [4, 5, 6, 7].map { ContactID(UInt64($0)) })
        #expect(feed.recordWait(now: 4) == nil, "nothing sent since the record")
    }
}
