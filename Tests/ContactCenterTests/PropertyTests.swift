@testable import ContactCenter
import Foundation
import SeededRandom
import Testing

/// Random seeded workloads against the engine's guarantees, checked after every event.
@Suite struct PropertyTests {
    struct World {
        var h: Harness
        var random: SplitMix64
        var queues: [Queue]
        var agents: [Agent]
        var time = 0.0
        var nextContact: UInt64 = 0
        var arrived: [ContactID] = []
        var finishedCount: [ContactID: Int] = [:]
        var pending: [ReservationID: Reservation] = [:]
        var connectedEver: Set<ContactID> = []
        /// Where each waiting contact is: (queue, ring).
        var place: [ContactID: (queue: QueueID, ring: Int)] = [:]
        var channelOf: [ContactID: Channel] = [:]
        var regionRequests: [ContactID] = []
        /// Contacts another region is being asked to take: never offered here meanwhile.
        var awaitingRegion: Set<ContactID> = []
        /// Offers made in queue 3 (round robin, one ring), and each agent's last turn there.
        var roundRobinOffers = 0
        var turns: [AgentID: Int] = [:]

        init(seed: UInt64) throws {
            random = SplitMix64(seed: seed)
            queues = [
                Queue(id: QueueID(1), requirements: [Fixture.skill(1, 3)], strategy: .mostProficient,
                      bullseye: [BullseyeRing(afterSeconds: 20, requirements: [Fixture.skill(1, 1)])]),
                Queue(id: QueueID(2), requirements: [Fixture.skill(2)], priority: 1, strategy: .leastOccupied,
                      overflow: [OverflowRule(afterSeconds: 30, destination: .queue(QueueID(3)))]),
                Queue(id: QueueID(3), requirements: [Fixture.skill(3)], strategy: .roundRobin,
                      overflow: [OverflowRule(afterSeconds: 40, destination: .region(RegionID(2), queue: QueueID(3)))], maxWaitSeconds: 200),
                Queue(id: QueueID(4), requirements: [Fixture.skill(1), Fixture.skill(3, 2)]),
            ]
            var staff: [Agent] = []
            var draw = SplitMix64(seed: seed ^ 0xA6E7)
            for id in 1...8 {
                var skills: [(UInt32, Int)] = []
                for skill in 1...3 where draw.next() % 3 != 0 { skills.append((UInt32(skill), 1 + Int(draw.next() % 5))) }
                let capacity: [Channel: Int] = draw.next() % 3 == 0 ? [.voice: 1, .chat: 2] : [.voice: 1]
                staff.append(Fixture.agent(UInt32(id), skills: skills, capacity: capacity, wrapUp: Double(draw.next() % 3) * 5))
            }
            agents = staff
            h = try Harness(queues: queues, settings: Fixture.settings(missed: 2, timeout: 8))
            try h.add(agents)
        }

        func ringRequirements(_ queue: QueueID, ring: Int) -> [SkillRequirement] {
            let definition = queues.first { $0.id == queue }!
            return ring == 0 ? definition.requirements : definition.bullseye[ring - 1].requirements
        }

        mutating func apply(_ event: RoutingEvent) {
            do {
                try h.apply(event, at: time)
            } catch {
                // A refused event changes nothing; the timers it fired are still in `last`.
            }
            record()
        }

        mutating func record() {
            for directive in h.last {
                switch directive {
                case let .offer(reservation, _):
                    #expect(!pending.values.contains { $0.contact == reservation.contact }, "\(reservation.contact) offered twice at once")
                    #expect(!awaitingRegion.contains(reservation.contact), "\(reservation.contact) offered while another region was asked")
                    #expect(!connectedEver.contains(reservation.contact), "\(reservation.contact) offered after it was connected")
                    pending[reservation.id] = reservation
                    place[reservation.contact] = nil
                    if reservation.queue == Self.roundRobinQueue {
                        roundRobinOffers += 1
                        turns[reservation.agent] = roundRobinOffers
                    }
                case let .reservationEnded(reservation, _):
                    pending[reservation.id] = nil
                case let .queued(contact, queue, ring), let .widened(contact, queue, ring):
                    place[contact] = (queue, ring)
                case let .contactFinished(contact, _, _):
                    finishedCount[contact, default: 0] += 1
                    awaitingRegion.remove(contact)
                    place[contact] = nil
                    pending = pending.filter { $0.value.contact != contact }
                case let .requestRegionOverflow(contact, _, _, _):
                    regionRequests.append(contact.id)
                    awaitingRegion.insert(contact.id)
                case .overflowedToQueue, .agentStatusChanged:
                    break
                }
            }
            checkInvariants()
        }

        func checkInvariants() {
            // The per-channel count a freed agent trusts to skip its rings is the indexes' own.
            for lane in 0..<RoutingEngine.lanes {
                let live = stride(from: lane, to: h.engine.contactIndexes.count, by: RoutingEngine.lanes)
                    .reduce(0) { $0 + h.engine.contactIndexes[$1].live }
                #expect(h.engine.indexedOnChannel[lane] == live, "channel \(lane): counted \(h.engine.indexedOnChannel[lane]), indexed \(live)")
            }
            // Each queue's count of waiting contacts, which bounds its wait list, is exact.
            var waiting = [Int](repeating: 0, count: h.engine.queues.count)
            for record in h.engine.contacts where record.live && (record.state == .queued || record.state == .offered) {
                waiting[Int(record.queueSlot)] += 1
            }
            #expect(h.engine.queues.map(\.queuedOrOffered) == waiting)
            // And the longest wait, read from the wait lists, is the oldest of those contacts'.
            let now = max(time, h.engine.clock)
            // Read from a copy: reading drops stale entries, and the check must not change the run.
            var reader = h.engine
            for slot in h.engine.queues.indices {
                let oldest = h.engine.contacts
                    .filter { $0.live && Int($0.queueSlot) == slot && ($0.state == .queued || $0.state == .offered) }
                    .map(\.waitingSince).min()
                let stats = reader.queueStatistics(h.engine.queues[slot].queue.id, at: Timestamp(seconds: time))
                #expect(stats?.longestWaitSeconds == oldest.map { max(0, now - $0) } ?? 0)
            }
            var available: [(agent: Agent, holding: [Int])] = []
            for agent in agents {
                let stats = h.engine.agentStatistics(agent.id, at: Timestamp(seconds: time))!
                for channel in Channel.allCases {
                    #expect(stats.holding[channel.index] <= agent.capacity[channel], "\(agent.id) over capacity on \(channel)")
                }
                if stats.status == .available { available.append((agent, stats.holding)) }
            }
            for (contact, where_) in place where h.engine.state(of: contact) == .queued && !awaitingRegion.contains(contact) {
                let channel = channelOf[contact]!
                let requirements = ringRequirements(where_.queue, ring: where_.ring)
                for candidate in available where candidate.holding[channel.index] < candidate.agent.capacity[channel] {
                    let eligible = requirements.allSatisfy { $0.isMet(by: candidate.agent.skills) }
                    #expect(!eligible, "\(candidate.agent.id) idle while eligible \(contact) waits in \(where_.queue) ring \(where_.ring)")
                }
            }
        }

        mutating func step() {
            time += -log(1 - random.nextUnit()) * 3
            switch random.next() % 10 {
            case 0, 1, 2:
                nextContact += 1
                let queue = QueueID(UInt32(1 + random.next() % 4))
                let channel: Channel = random.next() % 4 == 0 ? .chat : .voice
                let tier = ValueTier.allCases[Int(random.next() % 4)]
                let id = ContactID(nextContact)
                arrived.append(id)
                channelOf[id] = channel
                let contact = Contact(id: id, channel: channel, customer: CustomerID(nextContact), tier: tier, queue: queue)
                if queue == Self.roundRobinQueue {
                    arriveCheckingTurns(contact)
                } else {
                    apply(.contactArrived(contact))
                }
            case 3, 4:
                if let reservation = pick(Array(pending.values).sorted { $0.id < $1.id }) { accept(reservation) }
            case 5:
                if let reservation = pick(Array(pending.values).sorted { $0.id < $1.id }) {
                    pending[reservation.id] = nil
                    apply(.reservationRejected(reservation.id))
                }
            case 6:
                if let contact = pick(connectedEver.filter { h.engine.state(of: $0) == .connected }) { apply(.contactEnded(contact)) }
            case 7:
                if let contact = pick(arrived.filter { [.queued, .offered].contains(h.engine.state(of: $0)) }) { apply(.contactAbandoned(contact)) }
            case 8:
                let agent = agents[Int(random.next() % UInt64(agents.count))].id
                apply(.agentStatusChanged(agent, [.available, .available, .onBreak, .offline][Int(random.next() % 4)]))
            default:
                if let contact = regionRequests.popLast(), h.engine.state(of: contact) != nil {
                    let accepted = random.next() % 2 == 0
                    if !accepted { awaitingRegion.remove(contact) }
                    apply(accepted ? .regionOverflowAccepted(contact) : .regionOverflowDeclined(contact))
                } else {
                    apply(.clockAdvanced)
                }
            }
        }

        static let roundRobinQueue = QueueID(3)

        /// A contact arriving in the round-robin queue, if it is offered at once and is not a
        /// VIP, goes to the eligible agent whose last turn there came first (never-chosen
        /// agents first, then the earliest to join), on whichever channel that turn was taken.
        mutating func arriveCheckingTurns(_ contact: Contact) {
            // Timers due now fire first, so the candidates are those the arrival finds.
            apply(.clockAdvanced)
            let requirements = ringRequirements(contact.queue, ring: 0)
            let expected = h.engine.agents.indices
                .filter { slot in
                    let record = h.engine.agents[slot]
                    return record.status == .available && !record.removed && record.hasRoom(on: contact.channel)
                        && requirements.allSatisfy { $0.isMet(by: record.agent.skills) }
                }
                .map { (turn: turns[h.engine.agents[$0].agent.id] ?? 0, slot: $0) }
                .min { ($0.turn, $0.slot) < ($1.turn, $1.slot) }
                .map { h.engine.agents[$0.slot].agent.id }
            apply(.contactArrived(contact))
            guard !h.engine.isVIP(contact.tier) else { return }
            let offered = h.last.lazy.compactMap { directive -> AgentID? in
                if case let .offer(reservation, _) = directive, reservation.contact == contact.id { reservation.agent } else { nil }
            }.first
            #expect(offered == expected, "\(contact.id) in round robin went to \(String(describing: offered)), not \(String(describing: expected))")
        }

        /// Accepts an offer; it may have timed out by now, in which case the engine refuses.
        mutating func accept(_ reservation: Reservation) {
            pending[reservation.id] = nil
            apply(.reservationAccepted(reservation.id))
            if h.engine.state(of: reservation.contact) == .connected { connectedEver.insert(reservation.contact) }
        }

        mutating func pick<C: Collection>(_ items: C) -> C.Element? where C.Index == Int {
            items.isEmpty ? nil : items[items.startIndex + Int(random.next() % UInt64(items.count))]
        }

        mutating func pick(_ items: Set<ContactID>) -> ContactID? { pick(items.sorted()) }

        /// Serve or abandon everything left, so every contact reaches a terminal state.
        mutating func drain() {
            for agent in agents { apply(.agentStatusChanged(agent.id, .available)) }
            for _ in 0..<50 where h.engine.activeContactCount > 0 {
                for reservation in pending.values.sorted(by: { $0.id < $1.id }) { accept(reservation) }
                for contact in arrived where h.engine.state(of: contact) == .connected { apply(.contactEnded(contact)) }
                for contact in regionRequests where h.engine.state(of: contact) == .queued {
                    awaitingRegion.remove(contact)
                    apply(.regionOverflowDeclined(contact))
                }
                regionRequests.removeAll()
                time += 20
                apply(.clockAdvanced)
            }
            for contact in arrived where [.queued, .offered].contains(h.engine.state(of: contact)) { apply(.contactAbandoned(contact)) }
            time += 100
            apply(.clockAdvanced)
        }
    }

    @Test(arguments: 1...24)
    func invariantsHoldOnRandomWorkloads(seed: UInt64) throws {
        var world = try World(seed: SplitMix64.mix(seed, 0x9E0))
        for _ in 0..<500 { world.step() }
        world.drain()
        #expect(world.h.engine.activeContactCount == 0)
        #expect(world.arrived.count > 50)
        for contact in world.arrived {
            #expect(world.finishedCount[contact] == 1, "\(contact) finished \(world.finishedCount[contact] ?? 0) times")
        }
        #expect(world.connectedEver.count > 10)
    }
}
