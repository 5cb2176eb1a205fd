import ContactCenter
import Testing

/// What a routing domain remembers for event streams and contact lookups.
struct DomainHistoryTests {
    private let at = Timestamp(seconds: 100)

    private func offer(_ contact: UInt64, to agent: UInt32) -> RoutingDirective {
        .offer(Reservation(id: ReservationID(contact), contact: ContactID(contact), agent: AgentID(agent), queue: QueueID(1),
                           channel: .voice, offeredAt: at, expiresAt: Timestamp(seconds: 115)), explanation: nil)
    }

    @Test func pagesResumeAfterASequenceAndFutureCursorsGetNothing() {
        var history = DomainHistory()
        history.note((1...5).map { .queued(ContactID($0), queue: QueueID(1), ring: 0) }, at: at)
        #expect(history.directives(after: 0, limit: 10).items.map(\.sequence) == [1, 2, 3, 4, 5])
        #expect(history.directives(after: 3, limit: 10).items.map(\.sequence) == [4, 5])
        #expect(history.directives(after: 3, limit: 1).items.map(\.sequence) == [4])
        for future in [5, 6, UInt64(Int.max), UInt64.max] {
            let page = history.directives(after: future, limit: 10)
            #expect(page.items.isEmpty && !page.gap && page.next == 6, "after \(future)")
        }
    }

    @Test func aCursorOlderThanWhatIsRetainedIsToldOfTheGap() {
        var history = DomainHistory()
        let count = DomainHistory.retainedDirectives * 2 + 1
        history.note((1...count).map { .queued(ContactID(UInt64($0)), queue: QueueID(1), ring: 0) }, at: at)
        let page = history.directives(after: 0, limit: 5)
        #expect(page.gap)
        #expect(page.items.first?.sequence == page.oldestRetained)
        #expect(!history.directives(after: page.oldestRetained - 1, limit: 5).gap)
    }

    @Test func aFinishedContactNamesTheAgentItWasOfferedTo() {
        var history = DomainHistory()
        history.note([offer(7, to: 3)], at: at)
        history.note([.contactFinished(ContactID(7), state: .completed, reason: .handled)], at: at)
        let finished = history.directives(after: 1, limit: 10).items
        #expect(finished.map(\.agent) == [AgentID(3)])
        #expect(history.outcome(of: ContactID(7))?.state == .completed)
    }

    @Test func onlyARegionOverflowPointsToAnotherRegion() {
        var history = DomainHistory()
        let contact = Contact(id: ContactID(9), channel: .voice, customer: CustomerID(1), queue: QueueID(1))
        // Asked to go to region 2, declined, and later given up on at its maximum wait.
        history.note([.requestRegionOverflow(contact, region: RegionID(2), queue: QueueID(5), waitingSince: at)], at: at)
        history.note([.contactFinished(ContactID(9), state: .overflowed, reason: .maxWaitExceeded)], at: at)
        #expect(history.outcome(of: ContactID(9))?.overflowedTo == nil)

        let moved = Contact(id: ContactID(10), channel: .voice, customer: CustomerID(1), queue: QueueID(1))
        history.note([.requestRegionOverflow(moved, region: RegionID(2), queue: QueueID(5), waitingSince: at)], at: at)
        history.note([.contactFinished(ContactID(10), state: .overflowed, reason: .overflowedToRegion)], at: at)
        #expect(history.outcome(of: ContactID(10))?.overflowedTo == RegionID(2))
    }
}
