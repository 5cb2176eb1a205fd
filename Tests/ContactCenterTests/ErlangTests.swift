import ContactCenter
import Foundation
import Testing

/// The analytic formulas against known values and identities.
@Suite struct ErlangTests {
    static let published: [(agents: Int, serviceLevel: Double)] = [(11, 0.390), (12, 0.640), (13, 0.796), (14, 0.888), (15, 0.942), (16, 0.971)]

    @Test func erlangCMatchesThePublishedTable() {
        for row in Self.published {
            let erlang = ErlangC(agents: row.agents, arrivalsPerSecond: 10.0 / 180, averageHandleSeconds: 180)
            #expect(abs(erlang.serviceLevel(thresholdSeconds: 20) - row.serviceLevel) < 0.0006, "N = \(row.agents)")
        }
        let eleven = ErlangC(agents: 11, arrivalsPerSecond: 10.0 / 180, averageHandleSeconds: 180)
        #expect(abs(eleven.probabilityOfWaiting - 0.6821) < 0.0001)
        #expect(abs(eleven.averageSpeedOfAnswerSeconds - 0.6821 * 180) < 0.1)
        #expect(ErlangC(agents: 10, arrivalsPerSecond: 10.0 / 180, averageHandleSeconds: 180).serviceLevel(thresholdSeconds: 20) == 0)
    }

    @Test func erlangAWithoutAbandonmentIsErlangC() {
        let a = ErlangA(agents: 12, arrivalsPerSecond: 10.0 / 180, averageHandleSeconds: 180, averagePatienceSeconds: 1e9)
        let c = ErlangC(agents: 12, arrivalsPerSecond: 10.0 / 180, averageHandleSeconds: 180)
        #expect(abs(a.serviceLevel(thresholdSeconds: 20) - c.serviceLevel(thresholdSeconds: 20)) < 0.002)
        #expect(abs(a.probabilityOfWaiting - c.probabilityOfWaiting) < 0.002)
        #expect(a.abandonProbability < 0.001)
    }

    @Test func erlangAWithPatienceEqualToHandleTimeIsPoisson() {
        // With θ = μ every customer in the system leaves at rate μ, as in M/M/∞: the number in
        // the system is Poisson(A) (Garnett, Mandelbaum & Reiman 2002, §3).
        let erlang = ErlangA(agents: 10, arrivalsPerSecond: 10.0 / 180, averageHandleSeconds: 180, averagePatienceSeconds: 180)
        var pmf = exp(-10.0)
        for n in 0..<30 {
            #expect(abs(erlang.stationary[n] - pmf) < 1e-9, "P(\(n))")
            pmf *= 10 / Double(n + 1)
        }
        // Abandonment: E[queue] θ / λ, and a served customer never waited past patience.
        #expect(erlang.abandonProbability > 0.05 && erlang.abandonProbability < 0.2)
        #expect(erlang.serviceLevel(thresholdSeconds: 0) > 1 - erlang.probabilityOfWaiting - 1e-9)
        #expect(erlang.serviceLevel(thresholdSeconds: 20) < 1 - erlang.abandonProbability)
    }
}
