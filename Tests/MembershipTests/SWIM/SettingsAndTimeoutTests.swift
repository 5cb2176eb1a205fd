@testable import Membership
import Testing
import Transport

struct SettingsAndTimeoutTests {
    @Test func defaultsAreValid() throws {
        let settings = try SWIMSettings()
        #expect(settings.probeInterval == .seconds(1))
        #expect(settings.pingTimeout == .milliseconds(500))
        #expect(settings.indirectProbeCount == 3)
    }

    @Test func badValuesNameTheKey() {
        #expect { try SWIMSettings(pingTimeout: .seconds(2)) } throws: { ($0 as? SettingsError)?.key == "pingTimeout" }
        #expect { try SWIMSettings(probeInterval: .zero) } throws: { ($0 as? SettingsError)?.key == "probeInterval" }
        #expect { try SWIMSettings(suspicionAlpha: 0.5) } throws: { ($0 as? SettingsError)?.key == "suspicionAlpha" }
        #expect { try SWIMSettings(maxGossipPerMessage: 0) } throws: { ($0 as? SettingsError)?.key == "maxGossipPerMessage" }
        #expect { try SWIMSettings(tickInterval: .milliseconds(400)) } throws: { ($0 as? SettingsError)?.key == "tickInterval" }
        #expect { try SWIMSettings(deadMemberRetention: .seconds(2)) } throws: {
            ($0 as? SettingsError)?.key == "deadMemberRetention"
        }
    }

    @Test func retransmitLimitGrowsWithLog2() throws {
        let settings = try SWIMSettings()
        #expect(settings.retransmitLimit(members: 1) == 4)    // ⌈log2 2⌉ = 1
        #expect(settings.retransmitLimit(members: 3) == 8)    // ⌈log2 4⌉ = 2
        #expect(settings.retransmitLimit(members: 4) == 12)   // ⌈log2 5⌉ = 3
        #expect(settings.retransmitLimit(members: 100) == 28) // ⌈log2 101⌉ = 7
    }

    @Test func suspicionTimeoutScalesAndShrinks() throws {
        let settings = try SWIMSettings()
        let small = SuspicionTimeout(settings: settings, members: 5)
        #expect(small.shortest == .seconds(2))
        #expect(small.longest == .seconds(4))
        #expect(small.expectedConfirmations == 3)
        #expect(small.timeout(confirmations: 0) == .seconds(4))
        #expect(small.timeout(confirmations: 1) == .seconds(3))
        #expect(small.timeout(confirmations: 3) == .seconds(2))
        #expect(small.timeout(confirmations: 9) == .seconds(2))
        let large = SuspicionTimeout(settings: settings, members: 100)
        #expect(abs((large.shortest - .seconds(4)).seconds) < 1e-9)
        #expect(SuspicionTimeout(settings: settings, members: 3).expectedConfirmations == 1)
        #expect(SuspicionTimeout(settings: settings, members: 2).timeout(confirmations: 0) == .seconds(2))
    }

    @Test func logarithmIsAccurate() {
        for x in [0.001, 0.5, 1, 2, 10, 12_345.678] {
            #expect(abs(SuspicionTimeout.naturalLog(x) - Double.naturalLogReference(x)) < 1e-9)
        }
        #expect(abs(SuspicionTimeout.log10(1_000) - 3) < 1e-12)
    }

    @Test func localHealthSaturates() {
        var health = LocalHealth(maximum: 8)
        health.probeSucceeded()
        #expect(health.score == 0)
        health.nacksMissed(3)
        health.refutedSuspicion()
        #expect(health.multiplier == 5)
        health.nacksMissed(20)
        #expect(health.score == 8)
    }

    @Test func gossipBufferSendsLeastSentFirstAndStops() {
        var buffer = GossipBuffer()
        let a = member(1), b = member(2), c = member(3)
        buffer.enqueue(GossipEntry(member: a))
        buffer.enqueue(GossipEntry(member: b))
        #expect(buffer.take(maximum: 1, limit: 2).map(\.member) == [b]) // newest first
        buffer.enqueue(GossipEntry(member: c))
        #expect(buffer.take(maximum: 2, limit: 2).map(\.member) == [c, a])
        var suspectA = a
        suspectA.state = .suspect
        buffer.enqueue(GossipEntry(member: suspectA)) // replaces the pending alive entry
        #expect(buffer.count == 3)
        #expect(buffer.take(maximum: 8, limit: 2).map(\.member) == [suspectA, c, b])
        #expect(buffer.take(maximum: 8, limit: 2).map(\.member) == [suspectA])
        #expect(buffer.count == 0)
    }

    @Test func probeOrderVisitsEveryoneOncePerRound() {
        var order = ProbeOrder()
        var random = SplitMix64Probe.make()
        let everyone = (1...6).map { member($0).address }
        var round: [NodeAddress] = []
        for _ in 0..<6 {
            round += order.next(candidates: { everyone }, isEligible: { _ in true }, using: &random).map { [$0] } ?? []
        }
        #expect(Set(round) == Set(everyone) && round.count == 6)
        let newcomer = member(7).address
        order.insert(newcomer, using: &random)
        var next: [NodeAddress] = []
        for _ in 0..<7 {
            next += order.next(candidates: { everyone + [newcomer] }, isEligible: { $0 != everyone[0] },
                               using: &random).map { [$0] } ?? []
        }
        #expect(next.contains(newcomer) && !next.contains(everyone[0]))
    }
}

func member(_ index: Int, generation: UInt64 = 1, state: MemberState = .alive, incarnation: UInt64 = 0) -> SWIMMember {
    SWIMMember(identity: NodeIdentity(address: NodeAddress(host: "127.0.0.\(index)", port: 7000), generation: generation),
               name: "n\(index)", region: "eu", state: state, incarnation: incarnation)
}

import SeededRandom

enum SplitMix64Probe {
    static func make() -> SplitMix64 { SplitMix64(seed: 12) }
}

extension Double {
    /// ln x by bisection on a series-free identity, only to check our logarithm:
    /// exp is the stdlib-free power series, monotone, so bisection converges.
    static func naturalLogReference(_ x: Double) -> Double {
        func exp(_ y: Double) -> Double {
            var term = 1.0, sum = 1.0
            for n in 1..<200 { term *= y / Double(n); sum += term }
            return sum
        }
        var low = -50.0, high = 50.0
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if exp(middle) < x { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }
}
