import Membership
import Testing
import Transport

struct KeepMajorityTests {
    let a = NodeAddress(host: "127.0.0.1", port: 7000)
    let b = NodeAddress(host: "127.0.0.2", port: 7000)
    let c = NodeAddress(host: "127.0.0.3", port: 7000)
    let d = NodeAddress(host: "127.0.0.4", port: 7000)
    let e = NodeAddress(host: "127.0.0.5", port: 7000)

    @Test func strictMajorityServes() {
        let agreed: Set = [a, b, c, d, e]
        #expect(!KeepMajority.isIsolated(agreed: agreed, reachable: [c, d, e]))
        #expect(KeepMajority.isIsolated(agreed: agreed, reachable: [a, b]))
        // Members that joined since the agreement do not count towards it.
        #expect(KeepMajority.isIsolated(agreed: agreed, reachable: [a, b, NodeAddress(host: "127.0.0.9", port: 7000)]))
    }

    @Test func evenSplitGoesToTheLowestAddress() {
        let agreed: Set = [a, b, c, d]
        #expect(!KeepMajority.isIsolated(agreed: agreed, reachable: [a, d]))
        #expect(KeepMajority.isIsolated(agreed: agreed, reachable: [b, c]))
    }

    @Test func oneAndTwoNodeClusters() {
        #expect(!KeepMajority.isIsolated(agreed: [a], reachable: [a]))
        #expect(!KeepMajority.isIsolated(agreed: [a, b], reachable: [a]))
        #expect(KeepMajority.isIsolated(agreed: [a, b], reachable: [b]))
        #expect(KeepMajority.isIsolated(agreed: [], reachable: [a]))
    }

    private func view(_ states: [(NodeAddress, MemberState)]) -> [SWIMMember] {
        states.map { SWIMMember(identity: NodeIdentity(address: $0.0, generation: 1), name: "\($0.0.host)",
                                region: "eu", state: $0.1) }
    }

    @Test func minorityStepsDownOnSuspicionAndMustRejoinOnceTheOthersAreDead() {
        let start = ContinuousClock.now
        var policy = KeepMajority(stableAfter: .seconds(5))
        let all: [NodeAddress] = [a, b, c, d, e]
        #expect(!policy.decide(view: view(all.map { ($0, .alive) }), myself: d, now: start).isolated)
        let suspecting = policy.decide(view: view([(a, .suspect), (b, .suspect), (c, .suspect), (d, .alive), (e, .alive)]),
                                       myself: d, now: start + .seconds(1))
        #expect(suspecting.isolated && !suspecting.rejoinRequired)
        let dead = view([(a, .dead), (b, .dead), (c, .dead), (d, .alive), (e, .alive)])
        let later = policy.decide(view: dead, myself: d, now: start + .seconds(60))
        #expect(later.isolated && later.rejoinRequired)
        #expect(policy.agreed == Set(all))
    }

    @Test func majorityShrinksItsSetAfterStability() {
        let start = ContinuousClock.now
        var policy = KeepMajority(stableAfter: .seconds(5))
        _ = policy.decide(view: view([a, b, c, d, e].map { ($0, .alive) }), myself: a, now: start)
        let afterCrash = view([(a, .alive), (b, .alive), (c, .alive), (d, .dead), (e, .dead)])
        #expect(!policy.decide(view: afterCrash, myself: a, now: start + .seconds(1)).isolated)
        #expect(policy.agreed.count == 5) // not yet stable for 5 s
        #expect(!policy.decide(view: afterCrash, myself: a, now: start + .seconds(7)).isolated)
        #expect(policy.agreed == [a, b, c])
        // Now losing one more still leaves 2 of 3.
        let again = view([(a, .alive), (b, .alive), (c, .dead), (d, .dead), (e, .dead)])
        #expect(!policy.decide(view: again, myself: a, now: start + .seconds(8)).isolated)
    }

    @Test func gracefulLeaveShrinksAtOnceAndJoiningIsNotServing() {
        let start = ContinuousClock.now
        var policy = KeepMajority(stableAfter: .seconds(5))
        #expect(policy.decide(view: view([(a, .joining)]), myself: a, now: start).isolated)
        _ = policy.decide(view: view([a, b, c].map { ($0, .alive) }), myself: a, now: start)
        let decision = policy.decide(view: view([(a, .alive), (b, .left), (c, .left)]), myself: a, now: start + .seconds(1))
        #expect(!decision.isolated)
        #expect(policy.agreed == [a])
    }

    /// A member counts towards a new agreed set only once it has spoken since the
    /// view last changed: one that has merely not been probed yet may be cut off.
    @Test func theSetShrinksOnlyToMembersHeardFromSinceTheLastChange() {
        let start = ContinuousClock.now
        var policy = KeepMajority(stableAfter: .seconds(5))
        _ = policy.decide(view: view([a, b, c, d, e].map { ($0, .alive) }), myself: a, now: start)
        let oneDead = view([(a, .alive), (b, .alive), (c, .dead), (d, .alive), (e, .alive)])
        _ = policy.decide(view: oneDead, myself: a, now: start + .seconds(1))
        let heardBeforeTheDeath: (NodeAddress) -> ContinuousClock.Instant? = { $0 == b ? start + .seconds(30) : start }
        #expect(!policy.decide(view: oneDead, myself: a, now: start + .seconds(30), lastHeard: heardBeforeTheDeath).isolated)
        #expect(policy.agreed == [a, b, c, d, e], "d and e have not been heard from since c died")
        _ = policy.decide(view: oneDead, myself: a, now: start + .seconds(31), lastHeard: { _ in start + .seconds(31) })
        #expect(policy.agreed == [a, b, d, e])
    }

    @Test func anIsolatedNodeKeepsItsSet() {
        let start = ContinuousClock.now
        var policy = KeepMajority(stableAfter: .seconds(5))
        _ = policy.decide(view: view([a, b, c, d, e].map { ($0, .alive) }), myself: d, now: start)
        let f = NodeAddress(host: "127.0.0.9", port: 7000)
        let cut = view([(a, .suspect), (b, .suspect), (c, .suspect), (d, .alive), (e, .alive), (f, .alive)])
        #expect(policy.decide(view: cut, myself: d, now: start + .seconds(1)).isolated)
        #expect(policy.agreed == [a, b, c, d, e])
    }
}

extension KeepMajority {
    /// Decides on a view whose members have all just been heard from.
    mutating func decide(view: [SWIMMember], myself: NodeAddress, now: ContinuousClock.Instant) -> DowningDecision {
        decide(view: view, myself: myself, now: now, lastHeard: { _ in now })
    }
}
