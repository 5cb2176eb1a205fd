@testable import ContactCenter
import SeededRandom
import Testing

/// Each strategy on random workloads of agents on one or two channels, mostly available:
/// every contact offered on arrival goes to the agent the strategy ranks first among those
/// eligible, ranked here from what the test itself saw happen (offers, ends), not from the
/// engine's indexes. `PropertyTests` checks round robin in a busier domain too, where
/// few arrivals find more than one agent free.
struct StrategyPropertyTests {
    /// What the strategies rank an agent by, as the test keeps it.
    struct Seen {
        var proficiency: UInt8
        var capacity: ChannelCapacity
        var held: [Channel: Int] = [:]
        /// When they joined or last finished a contact.
        var idleSince = 0.0
        /// The number of the ring's offer that last went to them; 0 before any.
        var turn = 0
    }

    @Test(arguments: RoutingStrategy.allCases, 1...8 as ClosedRange<UInt64>)
    func everyArrivalGoesToTheAgentTheStrategyRanksFirst(strategy: RoutingStrategy, seed: UInt64) throws {
        var random = SplitMix64(seed: SplitMix64.mix(seed, 0x7A2 + UInt64(strategy.rawValue)))
        var h = try Harness(queues: [Queue(id: QueueID(1), requirements: [Fixture.skill(1)], strategy: strategy)])
        let agents = (1...6).map { id in
            Fixture.agent(UInt32(id), skills: [(1, 1 + Int(random.next() % 5))],
                          capacity: random.next() % 2 == 0 ? [.voice: 1, .chat: 2] : [.voice: 1])
        }
        try h.add(agents)
        var seen = agents.map { agent in
            Seen(proficiency: agent.proficiency(in: SkillID(1)), capacity: agent.capacity)
        }
        var offers = 0
        /// The agent and channel of each connected contact.
        var holder: [ContactID: (slot: Int, channel: Channel)] = [:]
        var connected: [ContactID] = []
        var checked = 0

        /// The strategy's key: smaller ranks first; ties go to the agent who joined first.
        func key(_ slot: Int) -> (Double, Double) {
            let agent = seen[slot]
            return switch strategy {
            case .longestIdle: (agent.idleSince, 0)
            case .mostProficient: (-Double(agent.proficiency), agent.idleSince)
            case .leastOccupied:
                (Double(agent.held.values.reduce(0, +)) / Double(Channel.allCases.reduce(0) { $0 + agent.capacity[$1] }), agent.idleSince)
            case .roundRobin: (Double(agent.turn), 0)
            }
        }

        /// Notes the last event's offers and accepts them.
        func acceptOffers(at time: Double) throws {
            for reservation in h.offers {
                let slot = Int(reservation.agent.rawValue) - 1
                offers += 1
                seen[slot].turn = offers
                seen[slot].held[reservation.channel, default: 0] += 1
                holder[reservation.contact] = (slot, reservation.channel)
                try h.apply(.reservationAccepted(reservation.id), at: time)
                connected.append(reservation.contact)
            }
        }

        for step in 1...400 {
            let time = Double(step)
            if random.next() % 2 == 0 || connected.isEmpty {
                let channel: Channel = random.next() % 3 == 0 ? .chat : .voice
                let expected = agents.indices
                    .filter { seen[$0].held[channel, default: 0] < seen[$0].capacity[channel] }
                    .min { (key($0).0, key($0).1, $0) < (key($1).0, key($1).1, $1) }
                    .map { agents[$0].id }
                try h.apply(.contactArrived(Fixture.contact(UInt64(step), queue: 1, channel: channel)), at: time)
                #expect(h.offers.first?.agent == expected, "\(strategy), step \(step): a \(channel) contact")
                if expected != nil { checked += 1 }
                try acceptOffers(at: time)
            } else {
                let contact = connected.remove(at: Int(random.next() % UInt64(connected.count)))
                let held = holder.removeValue(forKey: contact)
                let (slot, channel) = try #require(held)
                seen[slot].held[channel, default: 0] -= 1
                seen[slot].idleSince = time
                try h.apply(.contactEnded(contact), at: time)
                // The freed agent may take a contact waiting on their channel.
                try acceptOffers(at: time)
            }
        }
        // About 200 arrivals, most of which find an agent free.
        #expect(checked > 50)
    }
}
