@testable import Membership
import Testing
import Transport

/// Hand-driven scenarios on one instance: every message it would send is checked.
struct SWIMInstanceTests {
    let t0 = ContinuousClock.now
    let me = member(1)

    private func sends(_ directives: [SWIMDirective]) -> [(SWIMMessage, NodeIdentity)] {
        directives.compactMap { if case .send(let message, let to) = $0 { (message, to) } else { nil } }
    }

    private func events(_ directives: [SWIMDirective]) -> [MembershipEvent] {
        directives.compactMap { if case .event(let event) = $0 { event } else { nil } }
    }

    /// An instance that is a seed and knows members 2...count as alive.
    private func joined(_ count: Int = 3) throws -> SWIMInstance {
        var instance = SWIMInstance(settings: try SWIMSettings(), myself: me, seeds: [me.address], randomSeed: 1)
        #expect(events(instance.start(now: t0)) == [.memberUp(me)])
        let others = (2...count).map { GossipEntry(member: member($0)) }
        _ = instance.receive(.joinReply(view: others), from: member(2).identity, now: t0)
        return instance
    }

    @Test func joinsThroughASeedUntilItAnswers() throws {
        let seed = member(9).address
        var instance = SWIMInstance(settings: try SWIMSettings(), myself: me, seeds: [seed], randomSeed: 1)
        let first = sends(instance.start(now: t0))
        #expect(first.count == 1 && first[0].1 == NodeIdentity(address: seed, generation: 0))
        #expect(instance.myself.state == .joining)
        #expect(sends(instance.tick(now: t0 + .milliseconds(500))).isEmpty)
        #expect(sends(instance.tick(now: t0 + .seconds(1))).count == 1) // retried
        let reply = instance.receive(.joinReply(view: [GossipEntry(member: member(9))]), from: member(9).identity,
                                     now: t0 + .seconds(1))
        var up = me
        up.state = .alive
        #expect(events(reply) == [.memberUp(member(9)), .memberUp(up)])
        #expect(sends(instance.tick(now: t0 + .seconds(2))).allSatisfy {
            if case .join = $0.0 { false } else { true }
        })
    }

    @Test func seedAnswersAJoinWithItsView() throws {
        var instance = try joined()
        let newcomer = member(5)
        let out = instance.receive(.join(member: newcomer, gossip: []), from: newcomer.identity, now: t0)
        #expect(events(out) == [.memberUp(newcomer)])
        guard case .joinReply(let view) = sends(out).first?.0 else { Issue.record("no join reply"); return }
        #expect(view.map(\.member.address).contains(newcomer.address))
        #expect(instance.members.count == 4)
    }

    @Test func pingIsAnsweredWithAck() throws {
        var instance = try joined()
        let out = sends(instance.receive(.ping(sequence: 77, gossip: []), from: member(2).identity, now: t0))
        guard case .ack(77, let target, _) = out.first?.0 else { Issue.record("no ack"); return }
        #expect(target == me.identity && out.first?.1 == member(2).identity)
    }

    /// SWIM §4.1 end to end: ping, timeout, ping-req, no answer, suspect; then the
    /// suspicion times out into a death.
    @Test func missedProbeLeadsToSuspicionThenDeath() throws {
        var instance = try joined(5)
        var now = t0
        var ping: (UInt64, NodeIdentity)?
        while ping == nil {
            now += .milliseconds(100)
            for (message, to) in sends(instance.tick(now: now)) {
                if case .ping(let sequence, _) = message { ping = (sequence, to) }
            }
        }
        let (sequence, target) = try #require(ping)
        now += .milliseconds(500)
        let requests = sends(instance.tick(now: now)).filter {
            if case .pingReq(sequence, target, _) = $0.0 { true } else { false }
        }
        #expect(requests.count == 3)
        now += .milliseconds(500)
        let suspected = events(instance.tick(now: now))
        #expect(suspected.map(\.member.address) == [target.address])
        #expect(instance.member(at: target.address)?.state == .suspect)
        // Three missing nacks are evidence against our own health (Lifeguard §4.3).
        #expect(instance.localHealth == 3)
        now += .seconds(10)
        let died = events(instance.tick(now: now))
        #expect(died.contains(.memberDown(SWIMMember(identity: target, name: "n\(target.address.host.split(separator: ".").last!)",
                                                     region: "eu", state: .dead))))
    }

    @Test func ackKeepsTheTargetAliveAndRestoresHealth() throws {
        var instance = try joined()
        instance.health.nacksMissed(2)
        var now = t0
        var ping: (UInt64, NodeIdentity)?
        while ping == nil {
            now += .milliseconds(100)
            for (message, to) in sends(instance.tick(now: now)) {
                if case .ping(let sequence, _) = message { ping = (sequence, to) }
            }
        }
        let (sequence, target) = try #require(ping)
        _ = instance.receive(.ack(sequence: sequence, target: target, gossip: []), from: target, now: now)
        #expect(instance.localHealth == 1)
        // Lifeguard §4.3: with health 1 the next probe comes two intervals later.
        let next = sends(instance.tick(now: now + .milliseconds(1_500)))
        #expect(!next.contains { if case .ping = $0.0 { true } else { false } })
        #expect(events(instance.tick(now: now + .seconds(3))).isEmpty)
        #expect(instance.member(at: target.address)?.state == .alive)
    }

    @Test func refutesASuspicionWithAHigherIncarnation() throws {
        var instance = try joined()
        var suspected = me
        suspected.state = .suspect
        suspected.incarnation = 0
        _ = instance.receive(.ping(sequence: 1, gossip: [GossipEntry(member: suspected, suspectedBy: member(2).address)]),
                             from: member(3).identity, now: t0)
        #expect(instance.myself.incarnation == 1)
        #expect(instance.myself.state == .alive)
        let next = sends(instance.receive(.ping(sequence: 2, gossip: []), from: member(2).identity, now: t0))
        #expect(next.first?.0.gossip.contains { $0.member.address == me.address && $0.member.incarnation == 1
            && $0.member.state == .alive } == true)
    }

    @Test func precedenceOfStatesAndGenerations() throws {
        var instance = try joined()
        let two = member(2)
        var suspect = two
        suspect.state = .suspect
        #expect(events(instance.receive(.ping(sequence: 1, gossip: [GossipEntry(member: suspect)]),
                                        from: member(3).identity, now: t0)) == [.memberSuspect(suspect)])
        var refuted = two
        refuted.incarnation = 1
        #expect(events(instance.receive(.ping(sequence: 2, gossip: [GossipEntry(member: refuted)]),
                                        from: member(3).identity, now: t0)) == [.memberReachable(refuted)])
        // A restart at the same address: the old generation is dead, the new one up.
        let restarted = member(2, generation: 2)
        var oldDead = refuted
        oldDead.state = .dead
        #expect(events(instance.receive(.ping(sequence: 3, gossip: [GossipEntry(member: restarted)]),
                                        from: member(3).identity, now: t0)) == [.memberDown(oldDead), .memberUp(restarted)])
        // Stale gossip about the old generation changes nothing.
        #expect(events(instance.receive(.ping(sequence: 4, gossip: [GossipEntry(member: refuted)]),
                                        from: member(3).identity, now: t0)).isEmpty)
        // Dead is final for an identity, whatever the incarnation.
        var deadThree = member(3)
        deadThree.state = .dead
        _ = instance.receive(.ping(sequence: 5, gossip: [GossipEntry(member: deadThree)]), from: member(2, generation: 2).identity, now: t0)
        #expect(events(instance.receive(.ping(sequence: 6, gossip: [GossipEntry(member: member(3, incarnation: 9))]),
                                        from: member(2, generation: 2).identity, now: t0)).isEmpty)
        #expect(instance.member(at: member(3).address)?.state == .dead)
    }

    @Test func hearingItselfDeadFallsSilent() throws {
        var instance = try joined()
        var dead = me
        dead.state = .dead
        let out = instance.receive(.ping(sequence: 1, gossip: [GossipEntry(member: dead)]), from: member(2).identity, now: t0)
        #expect(events(out) == [.memberDown(dead)])
        #expect(instance.tick(now: t0 + .seconds(5)).isEmpty)
        #expect(instance.receive(.ping(sequence: 2, gossip: []), from: member(2).identity, now: t0).isEmpty)
    }

    @Test func relaysAPingReqAndNacksWhenTheTargetIsSilent() throws {
        var instance = try joined()
        let origin = member(2).identity, target = member(3).identity
        let out = sends(instance.receive(.pingReq(sequence: 40, target: target, gossip: []), from: origin, now: t0))
        guard case .ping(let relayed, _) = out.first?.0, out.first?.1 == target else { Issue.record("no relay"); return }
        let forwarded = sends(instance.receive(.ack(sequence: relayed, target: target, gossip: []), from: target, now: t0))
        guard case .ack(40, target, _) = forwarded.first?.0, forwarded.first?.1 == origin else {
            Issue.record("ack not relayed"); return
        }
        _ = instance.receive(.pingReq(sequence: 41, target: target, gossip: []), from: origin, now: t0)
        let nack = sends(instance.tick(now: t0 + .milliseconds(400))).filter {
            if case .nack(41, target, _) = $0.0 { true } else { false }
        }
        #expect(nack.count == 1)
    }

    @Test func leaveTellsEveryoneAndIsRecordedAsLeft() throws {
        var instance = try joined()
        let out = instance.leave(now: t0)
        var left = me
        left.state = .left
        #expect(events(out) == [.memberLeft(left)])
        #expect(sends(out).map(\.1) == [member(2).identity, member(3).identity])
        var peer = SWIMInstance(settings: try SWIMSettings(), myself: member(2), seeds: [member(2).address], randomSeed: 2)
        _ = peer.start(now: t0)
        _ = peer.receive(.joinReply(view: [GossipEntry(member: me)]), from: me.identity, now: t0)
        #expect(events(peer.receive(.leave(member: left), from: me.identity, now: t0)) == [.memberLeft(left)])
        #expect(peer.member(at: me.address)?.state == .left)
    }
}
