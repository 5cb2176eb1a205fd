import SeededRandom
import Testing
@testable import ContactCenter

/// The window of pending reservations against a dictionary, over random mixes of new
/// offers, answers in any order (old ones left pending for long), and IDs never handed out.
struct PendingReservationsTests {
    @Test(arguments: 1...10 as ClosedRange<UInt64>)
    func findsExactlyThePendingReservations(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var window = PendingReservations()
        var reference: [ReservationID: Int32] = [:]
        var handedOut: UInt64 = 0
        for _ in 0..<20_000 {
            switch random.next() % 10 {
            case 0..<5:
                let id = window.nextID
                #expect(id.rawValue == handedOut + 1)
                handedOut += 1
                let slot = Int32(random.next() % 1_000)
                window.add(id, contactSlot: slot, expiresAt: Double(handedOut / 3), sequence: 10 * handedOut)
                reference[id] = slot
            case 5..<9:
                // Mostly a recent offer, as agents answer within seconds; sometimes any.
                guard handedOut > 0 else { continue }
                let id = random.next() % 4 != 0
                    ? ReservationID(handedOut - random.next() % min(handedOut, 20))
                    : ReservationID(random.next() % (handedOut + 5))
                #expect(window.remove(id) == reference.removeValue(forKey: id))
            default:
                let id = ReservationID(random.next() % (handedOut + 10))
                #expect(window[id] == reference[id])
            }
            #expect(window.count == reference.count)
            // The first to expire is the oldest pending, with the expiry and sequence it was given.
            let oldest = reference.keys.min()
            #expect(window.first?.slot == oldest.map { reference[$0]! })
            #expect(window.first?.sequence == oldest.map { 10 * $0.rawValue })
            #expect(window.first?.expiresAt == oldest.map { Double($0.rawValue / 3) })
        }
        for id in (0...handedOut + 2).map({ ReservationID($0) }) {
            #expect(window[id] == reference[id])
        }
    }

    @Test
    func anAnsweredReservationIsNoLongerPending() {
        var window = PendingReservations()
        for slot in 0..<3 as Range<Int32> { window.add(window.nextID, contactSlot: slot, expiresAt: 20, sequence: UInt64(slot)) }
        #expect(window.remove(ReservationID(2)) == 1)
        #expect(window.remove(ReservationID(2)) == nil)
        #expect(window[ReservationID(2)] == nil)
        #expect(window.remove(ReservationID(1)) == 0)
        #expect(window[ReservationID(3)] == 2)
        #expect(window.nextID == ReservationID(4))
        #expect(window.count == 1)
    }

    /// The window is the offers' timer queue, so it stays in expiry order even if a time
    /// came in out of order.
    @Test
    func anEarlierExpiryTakesTheNewestPendingOnes() {
        var window = PendingReservations()
        window.add(window.nextID, contactSlot: 0, expiresAt: 30, sequence: 1)
        window.add(window.nextID, contactSlot: 1, expiresAt: 20, sequence: 2)
        window.add(window.nextID, contactSlot: 2, expiresAt: .nan, sequence: 3)
        #expect(window.first?.expiresAt == 30)
        window.remove(ReservationID(1))
        #expect(window.first?.slot == 1)
        #expect(window.first?.expiresAt == 30)
        window.remove(ReservationID(2))
        #expect(window.first?.expiresAt == 30)
    }
}
