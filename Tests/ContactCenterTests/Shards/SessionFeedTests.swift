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

        feed.sent(through: 1)
        #expect(feed.unsent.map(\.number) == [2])
        feed.sent(through: 2)
        #expect(feed.unsent.isEmpty)
    }

    @Test func sendingIsRecordedOnceCaughtUpOrOnceASecond() {
        var feed = SessionFeed()
        #expect(!feed.recordDue(now: 100))
        for id in 1...3 { feed.note(arrival(UInt64(id)), at: Timestamp(seconds: 100)) }
        feed.sent(through: 2)
        // Never recorded yet: due at once.
        #expect(feed.recordDue(now: 100))
        feed.recorded(through: 2, at: 100)
        #expect(!feed.recordDue(now: 100.5))
        feed.note(arrival(4), at: Timestamp(seconds: 100.5))
        feed.sent(through: 3)
        #expect(!feed.recordDue(now: 100.5), "still sending, and recorded under a second ago")
        #expect(feed.recordDue(now: 101))
        feed.sent(through: 4)
        #expect(feed.recordDue(now: 100.6), "caught up")
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
        #expect(!feed.recordDue(now: 4), "nothing sent since the record")
    }
}
