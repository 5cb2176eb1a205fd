import ClusterSystem
import ClusterTestKit
import ContactCenter
import Sharding
import Testing

/// Routing domains and sessions as sharded entities on three in-process hosts with
/// real sockets and RocksDB: what the log holds is what a new primary rebuilds.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct RoutingDomainActorTests {
    static let tenant = TenantID(1)

    func hosts() async throws -> ShardHosts {
        let hosts = try await ShardHosts {
            $0.register(RoutingDomainActor.self)
            $0.register(SessionActor.self)
            $0.register(ConversationActor.self)
        }
        await hosts.show([0, 1, 2])
        return hosts
    }

    func configuration(region: RegionID, queues: [Queue]) -> RoutingDomainConfiguration {
        RoutingDomainConfiguration(tenant: Self.tenant, region: region, queues: queues,
                                   settings: Fixture.settings(timeout: 60))
    }

    /// The domain of `Fixture.region` with queue 1 (skill 1) and agent 1 available in it.
    func domainWithOneAgent(on hosts: ShardHosts) async throws -> EntityRef<RoutingDomainActor> {
        let domain = ShardedEntities(system: hosts.systems[0], entryPoints: hosts.addresses)
            .ref(RoutingDomainActor.self, key: RoutingDomainKey.of(tenant: Self.tenant, region: Fixture.region))
        try await domain.call { try await $0.configure(configuration(region: Fixture.region, queues: [
            Queue(id: QueueID(1), requirements: [Fixture.skill(1)]),
        ])) }
        _ = try await domain.call { try await $0.submit(.agentAdded(Fixture.agent(1, skills: [(1, 3)]), status: .available)) }
        return domain
    }

    /// Loses the primary of `entity`'s shard and returns a reference to it from a survivor.
    func loseThePrimary<E: ShardedEntity>(of entity: EntityRef<E>, on hosts: ShardHosts) async throws -> EntityRef<E> {
        let primary = try #require(await hosts.primary(of: entity.shard, among: [0, 1, 2]))
        let survivors = [0, 1, 2].filter { $0 != primary }
        await hosts.lose(primary)
        await hosts.show(survivors)
        return ShardedEntities(system: hosts.systems[survivors[0]], entryPoints: hosts.addresses).ref(E.self, key: entity.key)
    }

    @Test func aNewPrimaryHasTheSameQueueAndGrantsNoReservationTwice() async throws {
        let hosts = try await hosts()
        let domain = try await domainWithOneAgent(on: hosts)
        let first = try await domain.call { try await $0.submit(.contactArrived(Fixture.contact(10, queue: 1))) }
        let offer = try #require(first.compactMap { if case .offer(let reservation, _) = $0 { reservation } else { nil } }.first)
        #expect(offer.agent == AgentID(1))
        _ = try await domain.call { try await $0.submit(.contactArrived(Fixture.contact(11, queue: 1))) }

        let after = try await loseThePrimary(of: domain, on: hosts)
        #expect(try await after.call { try await $0.state(of: ContactID(10)) } == .offered)
        #expect(try await after.call { try await $0.state(of: ContactID(11)) } == .queued)
        _ = try await after.call { try await $0.submit(.reservationAccepted(offer.id)) }
        #expect(try await after.call { try await $0.state(of: ContactID(10)) } == .connected)
        await #expect(throws: EntityCallError.self) {
            _ = try await after.call { try await $0.submit(.reservationAccepted(offer.id)) }
        }
        await hosts.shutdown()
    }

    /// A contact's ID names it for good (a client's idempotency key becomes the ID): an
    /// arrival under the ID of a contact being routed, or of one that finished here, is
    /// known and routes nothing, on a new primary too.
    @Test func anArrivalUnderAKnownContactsIDIsKnownEvenAfterItFinished() async throws {
        let hosts = try await hosts()
        let domain = try await domainWithOneAgent(on: hosts)
        #expect(try await domain.call { try await $0.arrive(Fixture.contact(10, queue: 1)) } == .offered)
        #expect(try await domain.call { try await $0.arrive(Fixture.contact(11, queue: 1)) } == .queued)
        _ = try await domain.call { try await $0.submit(.contactAbandoned(ContactID(11))) }
        #expect(try await domain.call { try await $0.arrive(Fixture.contact(10, queue: 1)) } == .known)
        let attempted = try await domain.call { try await $0.attempt(.contactArrived(Fixture.contact(10, queue: 1))) }
        #expect(attempted == .refused(.duplicateContact(ContactID(10))))
        #expect(try await domain.call { try await $0.arrive(Fixture.contact(12, queue: 9)) } == .refused(.unknownQueue(QueueID(9))))

        let after = try await loseThePrimary(of: domain, on: hosts)
        #expect(try await after.call { try await $0.arrive(Fixture.contact(11, queue: 1)) } == .known)
        #expect(try await after.call { try await $0.state(of: ContactID(11)) } == nil)
        #expect(try await after.call { try await $0.state(of: ContactID(10)) } == .offered)
        await hosts.shutdown()
    }

    /// After failover the domain's timers run on the new primary with no call to wake
    /// it: the takeover activates the shard's domains, and each sets its timers again
    /// from its log. Here an offer times out, its agent misses it, and the contact waits.
    @Test func aNewPrimaryWakesTheDomainAndItsOfferTimesOutWithoutACall() async throws {
        let hosts = try await hosts()
        let domain = ShardedEntities(system: hosts.systems[0], entryPoints: hosts.addresses)
            .ref(RoutingDomainActor.self, key: RoutingDomainKey.of(tenant: Self.tenant, region: Fixture.region))
        try await domain.call { try await $0.configure(RoutingDomainConfiguration(
            tenant: Self.tenant, region: Fixture.region, queues: [Queue(id: QueueID(1), requirements: [Fixture.skill(1)])],
            settings: Fixture.settings(missed: 1, timeout: 1))) }
        _ = try await domain.call { try await $0.submit(.agentAdded(Fixture.agent(1, skills: [(1, 3)]), status: .available)) }
        #expect(try await domain.call { try await $0.arrive(Fixture.contact(10, queue: 1)) } == .offered)

        let primary = try #require(await hosts.primary(of: domain.shard, among: [0, 1, 2]))
        let survivors = [0, 1, 2].filter { $0 != primary }
        await hosts.lose(primary)
        await hosts.show(survivors)
        var woken = false
        let deadline = ContinuousClock.now + .seconds(10)
        while !woken, ContinuousClock.now < deadline {
            for index in survivors {
                let active = await hosts.managers[index].whenLocal { $0.isActive(kind: RoutingDomainActor.kind, key: domain.key) }
                woken = woken || active == true
            }
            if !woken { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(woken, "no survivor activated the domain on its own")
        // Still no call: the offer, due a second after it was made, times out meanwhile.
        try await Task.sleep(for: .seconds(1.5))
        let after = ShardedEntities(system: hosts.systems[survivors[0]], entryPoints: hosts.addresses)
            .ref(RoutingDomainActor.self, key: domain.key)
        #expect(try await after.call { try await $0.state(of: ContactID(10)) } == .queued)
        await hosts.shutdown()
    }

    /// A gateway's batch of arrivals is answered in its order, each as `arrive` would
    /// answer it alone; sent again (an `EntityRef` retry), before or after failover, it
    /// routes nothing twice and hears the same answers.
    @Test func aBatchOfArrivalsIsAnsweredInOrderAndTheSameWhenSentAgain() async throws {
        let hosts = try await hosts()
        let domain = try await domainWithOneAgent(on: hosts)
        let requests = RequestIDSource()
        let batch = [
            ContactArrival(Fixture.contact(10, queue: 1), request: requests.next()),
            ContactArrival(Fixture.contact(11, queue: 1), request: requests.next()),
            ContactArrival(Fixture.contact(10, queue: 1), request: requests.next()),
            ContactArrival(Fixture.contact(12, queue: 9), request: requests.next()),
        ]
        let expected: [ArrivalOutcome] = [.offered, .queued, .known, .refused(.unknownQueue(QueueID(9)))]
        #expect(try await domain.call { try await $0.arriveAll(batch) } == expected)
        #expect(try await domain.call { try await $0.arriveAll(batch) } == expected)
        #expect(try await domain.call { try await $0.arriveAll([]) } == [])

        let tooMany = (0...RoutingDomainActor.arrivalBatchLimit).map {
            ContactArrival(Fixture.contact(100 + UInt64($0), queue: 1), request: requests.next())
        }
        await #expect(throws: EntityCallError.self) { _ = try await domain.call { try await $0.arriveAll(tooMany) } }
        #expect(try await domain.call { try await $0.state(of: ContactID(100)) } == nil)

        let after = try await loseThePrimary(of: domain, on: hosts)
        #expect(try await after.call { try await $0.arriveAll(batch) } == expected)
        #expect(try await after.call { try await $0.state(of: ContactID(10)) } == .offered)
        #expect(try await after.call { try await $0.state(of: ContactID(11)) } == .queued)
        #expect(try await after.call { try await $0.queueStatistics() }.first?.waiting == 1)
        await hosts.shutdown()
    }

    /// An agent's accept or completion sent again (its answer lost, or re-sent after the
    /// shard moved) is answered as applied with nothing to do; another agent is still refused.
    @Test func anAgentsRepeatedAcceptAndCompletionAreAnsweredAsApplied() async throws {
        let hosts = try await hosts()
        let domain = ShardedEntities(system: hosts.systems[0], entryPoints: hosts.addresses)
            .ref(RoutingDomainActor.self, key: RoutingDomainKey.of(tenant: Self.tenant, region: Fixture.region))
        try await domain.call { try await $0.configure(configuration(region: Fixture.region, queues: [
            Queue(id: QueueID(1), requirements: [Fixture.skill(1)]),
        ])) }
        _ = try await domain.call {
            try await $0.submit(.agentAdded(Fixture.agent(1, skills: [(1, 3)], wrapUp: 60), status: .available))
        }
        _ = try await domain.call { try await $0.submit(.agentAdded(Fixture.agent(2, skills: [(1, 3)]), status: .offline)) }
        let first = try await domain.call { try await $0.submit(.contactArrived(Fixture.contact(10, queue: 1))) }
        let offer = try #require(first.compactMap { if case .offer(let reservation, _) = $0 { reservation } else { nil } }.first)
        let agent = AgentID(1)

        let accepted = try await domain.call { try await $0.attempt(.reservationAccepted(offer.id), by: agent) }
        let again = try await domain.call { try await $0.attempt(.reservationAccepted(offer.id), by: agent) }
        let stranger = try await domain.call { try await $0.attempt(.reservationAccepted(offer.id), by: AgentID(2)) }
        guard case .applied = accepted, case .applied(let nothing) = again else {
            Issue.record("accept: \(accepted), again: \(again)")
            return
        }
        #expect(nothing.isEmpty)
        #expect(stranger == .notTheAgents)
        #expect(try await domain.call { try await $0.state(of: ContactID(10)) } == .connected)

        let ended = try await domain.call { try await $0.attempt(.contactEnded(ContactID(10)), by: agent) }
        let endedAgain = try await domain.call { try await $0.attempt(.contactEnded(ContactID(10)), by: agent) }
        let acceptAfterEnd = try await domain.call { try await $0.attempt(.reservationAccepted(offer.id), by: agent) }
        guard case .applied = ended, case .applied(let nothingMore) = endedAgain, case .applied = acceptAfterEnd else {
            Issue.record("end: \(ended), again: \(endedAgain), accept after end: \(acceptAfterEnd)")
            return
        }
        #expect(nothingMore.isEmpty)
        #expect(try await domain.call { try await $0.state(of: ContactID(10)) } == .wrapUp)

        // Finished, the contact is known from the domain's history only.
        _ = try await domain.call { try await $0.attempt(.wrapUpFinished(ContactID(10)), by: agent) }
        #expect(try await domain.call { try await $0.state(of: ContactID(10)) } == nil)
        let endedLate = try await domain.call { try await $0.attempt(.contactEnded(ContactID(10)), by: agent) }
        let strangerLate = try await domain.call { try await $0.attempt(.contactEnded(ContactID(10)), by: AgentID(2)) }
        #expect(endedLate == .applied([]))
        #expect(strangerLate == .notTheAgents)
        await hosts.shutdown()
    }

    /// A call that took effect just before its primary died, sent again to the new primary
    /// under the same request ID, is answered as the first was: not a duplicate contact.
    @Test func aRetriedCallIsAnsweredFromTheLogAfterFailover() async throws {
        let hosts = try await hosts()
        let domain = try await domainWithOneAgent(on: hosts)
        let requests = RequestIDSource()
        let offered = requests.next(), queued = requests.next()
        let first = try await domain.call { try await $0.attempt(.contactArrived(Fixture.contact(10, queue: 1)), request: offered) }
        let second = try await domain.call { try await $0.attempt(.contactArrived(Fixture.contact(11, queue: 1)), request: queued) }
        guard case .applied(let offer) = first, offer.contains(where: { if case .offer = $0 { true } else { false } }) else {
            Issue.record("the first contact was not offered: \(first)")
            return
        }
        #expect(try await domain.call { try await $0.attempt(.contactArrived(Fixture.contact(10, queue: 1)), request: offered) } == first)

        let after = try await loseThePrimary(of: domain, on: hosts)
        #expect(try await after.call { try await $0.attempt(.contactArrived(Fixture.contact(10, queue: 1)), request: offered) } == first)
        #expect(try await after.call { try await $0.attempt(.contactArrived(Fixture.contact(11, queue: 1)), request: queued) } == second)
        // The same event under a new name is a new call, and the engine refuses it.
        let renamed = try await after.call { try await $0.attempt(.contactArrived(Fixture.contact(11, queue: 1)), request: requests.next()) }
        #expect(renamed == .refused(.duplicateContact(ContactID(11))))
        #expect(try await after.call { try await $0.queueStatistics() }.first?.waiting == 1)
        await hosts.shutdown()
    }

    @Test func aContactOverflowsToAnotherRegionExactlyOnce() async throws {
        let hosts = try await hosts()
        let entities = ShardedEntities(system: hosts.systems[1], entryPoints: hosts.addresses)
        let east = RegionID(1)
        let west = RegionID(2)
        let a = entities.ref(RoutingDomainActor.self, key: RoutingDomainKey.of(tenant: Self.tenant, region: east))
        let b = entities.ref(RoutingDomainActor.self, key: RoutingDomainKey.of(tenant: Self.tenant, region: west))
        try await a.call { try await $0.configure(configuration(region: east, queues: [
            Queue(id: QueueID(1), requirements: [Fixture.skill(1)],
                  overflow: [OverflowRule(afterSeconds: 0.3, destination: .region(west, queue: QueueID(2)))]),
        ])) }
        try await b.call { try await $0.configure(configuration(region: west, queues: [
            Queue(id: QueueID(2), requirements: [Fixture.skill(1)]),
        ])) }
        var westAgent = Fixture.agent(2, skills: [(1, 4)])
        westAgent.region = west
        _ = try await b.call { try await $0.submit(.agentAdded(westAgent, status: .available)) }

        // Region A has nobody: past its rule, the contact goes to B's idle agent.
        _ = try await a.call { try await $0.submit(.contactArrived(Fixture.contact(20, queue: 1))) }
        var moved = false
        for _ in 0..<50 where !moved {
            try await Task.sleep(for: .milliseconds(100))
            let inB = try await b.call { try await $0.state(of: ContactID(20)) }
            let inA = try await a.call { try await $0.state(of: ContactID(20)) }
            moved = inB == .offered && inA == nil
        }
        #expect(moved, "the contact did not move from region A to region B's agent")
        let offers = try await b.call { try await $0.recentDirectives() }.filter {
            if case .offer(let reservation, _) = $0 { reservation.contact == ContactID(20) } else { false }
        }
        #expect(offers.count == 1)
        await hosts.shutdown()
    }

    /// Contacts reach their customer's session from the domains they arrived in, in any
    /// region; the session survives its primary, and a domain's new primary, sending again
    /// what it cannot know was sent, adds no contact twice.
    @Test func aKnownCustomerFindsTheirSessionFromAnyChannelAfterFailover() async throws {
        let hosts = try await hosts()
        let east = try await domainWithOneAgent(on: hosts)
        let west = ShardedEntities(system: hosts.systems[1], entryPoints: hosts.addresses)
            .ref(RoutingDomainActor.self, key: RoutingDomainKey.of(tenant: Self.tenant, region: RegionID(2)))
        try await west.call { try await $0.configure(configuration(region: RegionID(2), queues: [
            Queue(id: QueueID(2), requirements: [Fixture.skill(1)]),
        ])) }
        func contact(_ id: UInt64, queue: UInt32, channel: Channel) -> Contact {
            var contact = Fixture.contact(id, queue: queue, channel: channel)
            contact.customer = CustomerID(7)
            return contact
        }
        _ = try await east.call { try await $0.arrive(contact(30, queue: 1, channel: .voice)) }
        _ = try await west.call { try await $0.arrive(contact(31, queue: 2, channel: .wechat)) }
        _ = try await east.call { try await $0.arrive(contact(32, queue: 1, channel: .email)) }
        // Another customer's contact stays out of this session.
        _ = try await east.call { try await $0.arrive(Fixture.contact(33, queue: 1)) }

        let key = SessionActor.key(tenant: Self.tenant, customer: CustomerID(7))
        let session = ShardedEntities(system: hosts.systems[2], entryPoints: hosts.addresses).ref(SessionActor.self, key: key)
        func contacts(in session: EntityRef<SessionActor>, count: Int) async throws -> [ContactID] {
            var entries: [ContactID] = []
            for _ in 0..<100 {
                entries = try await session.call { try await $0.current() }.entries.map(\.contact)
                if entries.count >= count { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            return entries
        }
        let timeline = try await contacts(in: session, count: 3)
        #expect(Set(timeline) == [ContactID(30), ContactID(31), ContactID(32)])
        #expect(timeline.firstIndex(of: ContactID(30))! < timeline.firstIndex(of: ContactID(32))!)
        let channels = try await session.call { try await $0.current() }.channels
        #expect(Set(channels) == [.voice, .wechat, .email])

        // The east domain's new primary replays its arrivals; whatever it sends again, the
        // session (on a new primary too, if it was on the lost node) holds each contact
        // once, and the next contact joins it.
        let primary = try #require(await hosts.primary(of: east.shard, among: [0, 1, 2]))
        let survivors = [0, 1, 2].filter { $0 != primary }
        await hosts.lose(primary)
        await hosts.show(survivors)
        let client = ShardedEntities(system: hosts.systems[survivors[0]], entryPoints: hosts.addresses)
        let eastAfter = client.ref(RoutingDomainActor.self, key: east.key)
        _ = try await eastAfter.call { try await $0.arrive(contact(34, queue: 1, channel: .chat)) }
        let sessionAfter = client.ref(SessionActor.self, key: key)
        let later = try await contacts(in: sessionAfter, count: 4)
        #expect(later == timeline + [ContactID(34)])
        await hosts.shutdown()
    }

    /// Another region's request to take a contact, retried after the contact was taken
    /// and had already finished there, is answered yes without admitting it again.
    @Test func aRetriedOverflowIsNotAdmittedTwice() async throws {
        let hosts = try await hosts()
        let west = RegionID(2)
        let domain = ShardedEntities(system: hosts.systems[0], entryPoints: hosts.addresses)
            .ref(RoutingDomainActor.self, key: RoutingDomainKey.of(tenant: Self.tenant, region: west))
        try await domain.call { try await $0.configure(configuration(region: west, queues: [
            Queue(id: QueueID(2), requirements: [Fixture.skill(1)]),
        ])) }
        var agent = Fixture.agent(2, skills: [(1, 4)])
        agent.region = west
        _ = try await domain.call { try await $0.submit(.agentAdded(agent, status: .available)) }
        let contact = Fixture.contact(50, queue: 2)
        let request = RequestIDSource().next()
        #expect(try await domain.call { try await $0.takeOverflow(contact, request: request) })
        let offer = try #require(try await domain.call { try await $0.recentDirectives() }.compactMap {
            if case .offer(let reservation, _) = $0, reservation.contact == contact.id { reservation } else { nil }
        }.first)
        _ = try await domain.call { try await $0.submit(.reservationAccepted(offer.id)) }
        _ = try await domain.call { try await $0.submit(.contactEnded(contact.id)) }
        #expect(try await domain.call { try await $0.state(of: contact.id) } == nil)

        #expect(try await domain.call { try await $0.takeOverflow(contact, request: request) })
        #expect(try await domain.call { try await $0.state(of: contact.id) } == nil, "the finished contact came back")
        await hosts.shutdown()
    }

    /// A message posted again (its answer lost) is kept once, at the position first answered;
    /// the same text at another time is a new message.
    @Test func aRetriedMessageIsKeptOnce() async throws {
        let hosts = try await hosts()
        let conversation = ShardedEntities(system: hosts.systems[1], entryPoints: hosts.addresses)
            .ref(ConversationActor.self, key: ConversationActor.key(tenant: Self.tenant, contact: ContactID(40)))
        let hello = ConversationMessage(author: .customer, agent: nil, text: "hello", at: Timestamp(seconds: 100))
        let reply = ConversationMessage(author: .agent, agent: AgentID(1), text: "how can I help?", at: Timestamp(seconds: 101))
        #expect(try await conversation.call { try await $0.post(hello) } == 1)
        #expect(try await conversation.call { try await $0.post(reply) } == 2)
        #expect(try await conversation.call { try await $0.post(hello) } == 1)
        var again = hello
        again.at = Timestamp(seconds: 130)
        #expect(try await conversation.call { try await $0.post(again) } == 3)
        #expect(try await conversation.call { try await $0.all() } == [hello, reply, again])
        await hosts.shutdown()
    }
}
