import ContactCenter
import Foundation
import NodeRuntime
import SeededRandom
import Sharding
import Synchronization

/// The demo tenant: a routing domain per region, agents who accept every offer after
/// a moment, handle it for a sampled time and wrap up, and customers who arrive at
/// random, come back on other channels, and sometimes give up waiting. Everything goes
/// through sharded entities, so every state change is in a replicated log.
final class DemoTenant: Sendable {
    static let tenant = TenantID(1)
    static let east = RegionID(1)
    static let south = RegionID(2)
    /// The south has more agents than its own customers need: the east's overflow goes there.
    static let agents = [(east, UInt32(100), 4), (south, UInt32(200), 6)]

    private let entities: ShardedEntities
    private let arrivalsPerSecond: Double
    private let state: Mutex<State>

    private struct State {
        var random: SplitMix64
        var nextContact: UInt64 = 0
        var created = 0
        var returning = 0
        var offers = 0
        /// Reservation IDs count per domain, so they are kept per region.
        var seenReservations: Set<RegionReservation> = []
        var finished: [ContactID: ContactState] = [:]
    }

    private struct RegionReservation: Hashable {
        var region: RegionID
        var reservation: ReservationID
    }

    init(cluster: LocalCluster, seed: UInt64, arrivalsPerSecond: Double) {
        entities = ShardedEntities(system: cluster.client, entryPoints: cluster.names.compactMap { cluster.addresses[$0] })
        self.arrivalsPerSecond = arrivalsPerSecond
        state = Mutex(State(random: SplitMix64(seed: seed)))
    }

    private func domain(_ region: RegionID) -> EntityRef<RoutingDomainActor> {
        entities.ref(RoutingDomainActor.self, key: RoutingDomainKey.of(tenant: Self.tenant, region: region))
    }

    /// One queue per region on skill 1 (support); the east queue overflows to the
    /// south after 20 s, so a busy east hands contacts to idle southern agents.
    func setUp() async throws {
        let settings = try RoutingSettings(offerTimeoutSeconds: 15, missedOffersBeforeMissedStatus: 3, agingSecondsPerPriorityLevel: 120)
        let support = try SkillRequirement(SkillID(1), minimumProficiency: 1)
        let east = RoutingDomainConfiguration(tenant: Self.tenant, region: Self.east, queues: [
            Queue(id: QueueID(1), name: "support-east", requirements: [support],
                  overflow: [OverflowRule(afterSeconds: 20, destination: .region(Self.south, queue: QueueID(2)))]),
        ], settings: settings)
        let south = RoutingDomainConfiguration(tenant: Self.tenant, region: Self.south, queues: [
            Queue(id: QueueID(2), name: "support-south", requirements: [support]),
        ], settings: settings)
        try await domain(Self.east).call { try await $0.configure(east) }
        try await domain(Self.south).call { try await $0.configure(south) }
        for (region, base, count) in Self.agents {
            for index in 0..<UInt32(count) {
                let agent = Agent(id: AgentID(base + index), region: region,
                                  skills: [try SkillLevel(SkillID(1), proficiency: Int(index % 5) + 1)],
                                  capacity: try ChannelCapacity([.voice: 1, .chat: 2, .wechat: 2]), wrapUpSeconds: 2)
                await submit(.agentAdded(agent, status: .available), to: region)
            }
        }
    }

    /// Arrivals every 100 ms, offers picked up every second, a summary line every second.
    func run(for duration: Duration?) async throws {
        let started = ContinuousClock.now
        var nextSummary = started + .seconds(1)
        while duration.map({ ContinuousClock.now - started < $0 }) ?? true {
            try await Task.sleep(for: .milliseconds(100))
            if let arrival = drawArrival() {
                Task { await self.arrive(arrival) }
            }
            if ContinuousClock.now >= nextSummary {
                nextSummary += .seconds(1)
                await pickUpOffers()
                StandardOutput.line(await summary(elapsed: ContinuousClock.now - started))
            }
        }
    }

    private struct Arrival {
        var contact: Contact
        var region: RegionID
        var patience: Double
        var handleSeconds: Double
    }

    private func drawArrival() -> Arrival? {
        state.withLock { state in
            guard state.random.nextUnit() < arrivalsPerSecond / 10 else { return nil }
            state.nextContact += 1
            state.created += 1
            let channel: Channel = [.voice, .voice, .chat, .wechat][Int(state.random.next() % 4)]
            let east = state.random.nextUnit() < 0.7
            let contact = Contact(id: ContactID(state.nextContact), channel: channel,
                                  customer: CustomerID(1 + state.random.next() % 60),
                                  tier: state.random.nextUnit() < 0.1 ? .gold : .standard, intent: "support",
                                  queue: QueueID(east ? 1 : 2))
            return Arrival(contact: contact, region: east ? Self.east : Self.south,
                           patience: -log(1 - state.random.nextUnit()) * 60,
                           handleSeconds: 3 - log(1 - state.random.nextUnit()) * 8)
        }
    }

    private func arrive(_ arrival: Arrival) async {
        let session = entities.ref(SessionActor.self, key: SessionActor.key(tenant: Self.tenant, customer: arrival.contact.customer))
        let now = Timestamp(seconds: Date().timeIntervalSince1970)
        if let before = try? await session.call({ try await $0.record(arrival.contact, at: now) }), before.latest != nil {
            state.withLock { $0.returning += 1 }
        }
        await submit(.contactArrived(arrival.contact), to: arrival.region)
        handleTimes.withLock { $0[arrival.contact.id] = arrival.handleSeconds }
        // Some customers give up: if still waiting when their patience runs out, they abandon.
        try? await Task.sleep(for: .seconds(arrival.patience))
        if (try? await domain(arrival.region).call({ try await $0.state(of: arrival.contact.id) })) == .queued {
            await submit(.contactAbandoned(arrival.contact.id), to: arrival.region)
        }
    }

    private let handleTimes = Mutex<[ContactID: Double]>([:])

    /// Offers the engine made on its own (a freed agent, a timer) show up in the
    /// domain's recent directives; each is taken by its simulated agent once.
    private func pickUpOffers() async {
        for region in [Self.east, Self.south] {
            guard let directives = try? await domain(region).call({ try await $0.recentDirectives() }) else { continue }
            handle(directives, in: region)
        }
    }

    private func submit(_ event: RoutingEvent, to region: RegionID) async {
        do {
            handle(try await domain(region).call { try await $0.submit(event) }, in: region)
        } catch {
            // A refused event (the customer left just as the offer came) is part of the game.
        }
    }

    private func handle(_ directives: [RoutingDirective], in region: RegionID) {
        for directive in directives {
            switch directive {
            case .offer(let reservation, _):
                let fresh = state.withLock { state in
                    let key = RegionReservation(region: region, reservation: reservation.id)
                    guard state.seenReservations.insert(key).inserted else { return false }
                    state.offers += 1
                    return true
                }
                if fresh { Task { await self.work(reservation, in: region) } }
            case .contactFinished(let contact, let final, _):
                // The same directive comes back with every look at the recent ones;
                // contact IDs are unique across regions in this demo.
                state.withLock { $0.finished[contact] = final }
            default:
                continue
            }
        }
    }

    /// The agent's side: accept after a moment, talk, hang up; wrap-up ends by itself.
    private func work(_ reservation: Reservation, in region: RegionID) async {
        try? await Task.sleep(for: .milliseconds(500))
        await submit(.reservationAccepted(reservation.id), to: region)
        let talk = handleTimes.withLock { $0.removeValue(forKey: reservation.contact) } ?? 5
        try? await Task.sleep(for: .seconds(talk))
        await submit(.contactEnded(reservation.contact), to: region)
    }

    private func summary(elapsed: Duration) async -> String {
        var queues: [String] = []
        for (name, region) in [("east", Self.east), ("south", Self.south)] {
            guard let stats = try? await domain(region).call({ try await $0.queueStatistics() }).first else {
                queues.append("\(name) unavailable")
                continue
            }
            let level = stats.serviceLevel.map { String(format: "%.0f%%", $0 * 100) } ?? "-"
            queues.append("\(name) waiting \(stats.waiting) answered \(stats.answered) SL \(level)")
        }
        let counts = state.withLock { state in
            let finished = Dictionary(grouping: state.finished.values) { $0 }.mapValues(\.count)
            return "contacts \(state.created) (returning customers \(state.returning)) | offers \(state.offers) | "
                + "completed \(finished[.completed, default: 0]) abandoned \(finished[.abandoned, default: 0]) "
                + "overflowed to south \(finished[.overflowed, default: 0])"
        }
        return String(format: "t=%3.0fs ", elapsed / .seconds(1)) + counts + " | " + queues.joined(separator: " | ")
    }
}
