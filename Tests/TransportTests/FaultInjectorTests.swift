import SeededRandom
import Testing
@testable import Transport

struct FaultInjectorTests {
    let peer = NodeAddress(host: "127.0.0.5", port: 7001)
    let other = NodeAddress(host: "127.0.0.6", port: 7001)

    @Test func partitionsCutTheChosenDirectionOnly() {
        let faults = FaultInjector()
        faults.partition(from: peer, direction: .inbound)
        #expect(faults.blocksInbound(from: peer))
        #expect(!faults.blocksOutbound(to: peer))
        #expect(faults.outboundVerdict(to: peer) == .deliver)
        #expect(!faults.blocksInbound(from: other))

        faults.partition(from: peer, direction: .outbound)
        #expect(faults.outboundVerdict(to: peer) == .drop)
        faults.heal(peer)
        #expect(faults.rule(for: peer).isNoFault)
    }

    @Test func lossDropsTheConfiguredShareReproducibly() {
        func drops(seed: UInt64) -> Int {
            let faults = FaultInjector(seed: seed)
            faults.setLoss(to: peer, probability: 0.1)
            return (0..<10_000).filter { _ in faults.outboundVerdict(to: peer) == .drop }.count
        }
        let dropped = drops(seed: 42)
        #expect((850...1_150).contains(dropped))
        #expect(drops(seed: 42) == dropped, "the same seed drops the same messages")
    }

    @Test func delayAddsJitterWithinItsBound() {
        let faults = FaultInjector(seed: 1)
        faults.setDelay(to: peer, .milliseconds(20), jitter: .milliseconds(10))
        for _ in 0..<1_000 {
            guard case .delay(let delay) = faults.outboundVerdict(to: peer) else {
                Issue.record("expected a delay"); return
            }
            #expect(delay >= .milliseconds(20) && delay <= .milliseconds(30))
        }
        faults.healAll()
        #expect(faults.outboundVerdict(to: peer) == .deliver)
    }
}
