@testable import ContactCenter
import SeededRandom
import Testing

/// Round robin on random workloads of agents on two channels, mostly available: every
/// contact offered on arrival goes to the eligible agent whose last turn in the ring came
/// first, whichever channel that turn was on (never-chosen agents first, then the earliest
/// to join). `PropertyTests` checks the same in a busier domain, where few arrivals find
/// more than one agent free.
struct RoundRobinPropertyTests {
    @Test(arguments: 1...20 as ClosedRange<UInt64>)
    func everyArrivalGoesToTheAgentWhoseTurnCameFirst(seed: UInt64) throws {
        var random = SplitMix64(seed: SplitMix64.mix(seed, 0x7A2))
        var h = try Harness(queues: [Queue(id: QueueID(1), requirements: [Fixture.skill(1)], strategy: .roundRobin)])
        try h.add((1...6).map { id in
            Fixture.agent(UInt32(id), skills: [(1, 1 + Int(random.next() % 5))],
                          capacity: random.next() % 2 == 0 ? [.voice: 1, .chat: 2] : [.voice: 1])
        })
        var offers = 0
        var turns: [AgentID: Int] = [:]
        var connected: [ContactID] = []
        var checked = 0

        /// Counts the turns of the last event's offers and accepts them.
        func acceptOffers(at time: Double) throws {
            let made = h.offers
            for reservation in made {
                offers += 1
                turns[reservation.agent] = offers
                try h.apply(.reservationAccepted(reservation.id), at: time)
                connected.append(reservation.contact)
            }
        }

        for step in 1...400 {
            let time = Double(step)
            if random.next() % 2 == 0 || connected.isEmpty {
                let channel: Channel = random.next() % 3 == 0 ? .chat : .voice
                let contact = Fixture.contact(UInt64(step), queue: 1, channel: channel)
                let expected = h.engine.agents.indices
                    .filter { h.engine.agents[$0].status == .available && h.engine.agents[$0].hasRoom(on: channel) }
                    .min { (turns[h.engine.agents[$0].agent.id] ?? 0, $0) < (turns[h.engine.agents[$1].agent.id] ?? 0, $1) }
                    .map { h.engine.agents[$0].agent.id }
                try h.apply(.contactArrived(contact), at: time)
                #expect(h.offers.first?.agent == expected, "step \(step): \(channel) contact")
                if expected != nil { checked += 1 }
                try acceptOffers(at: time)
            } else {
                let contact = connected.remove(at: Int(random.next() % UInt64(connected.count)))
                try h.apply(.contactEnded(contact), at: time)
                // The freed agent may take a contact waiting on their channel: a turn too.
                try acceptOffers(at: time)
            }
        }
        // About 200 arrivals, most of which find an agent free.
        #expect(checked > 50)
    }
}
