import SeededRandom
import Synchronization

/// Per-peer fault injection: drop, delay, loss and partitions, driven by tests and the chaos runner.
///
/// Random choices come from a seeded generator so a failing run replays.
public final class FaultInjector: Sendable {
    enum OutboundVerdict: Equatable {
        case deliver
        case drop
        case delay(Duration)
    }

    private struct State {
        var rules: [NodeAddress: FaultRule] = [:]
        var random: SplitMix64
    }

    private let state: Mutex<State>

    public init(seed: UInt64 = 0x5357_4244) {
        state = Mutex(State(random: SplitMix64(seed: seed)))
    }

    public func partition(from peer: NodeAddress, direction: PartitionDirection = .both) {
        update(peer) { rule in
            rule.blockInbound = rule.blockInbound || direction != .outbound
            rule.blockOutbound = rule.blockOutbound || direction != .inbound
        }
    }

    /// Drops each outbound message to `peer` with `probability` (0...1).
    public func setLoss(to peer: NodeAddress, probability: Double) {
        precondition((0...1).contains(probability), "loss probability \(probability) outside 0...1")
        update(peer) { $0.lossProbability = probability }
    }

    public func setDelay(to peer: NodeAddress, _ delay: Duration, jitter: Duration = .zero) {
        precondition(delay >= .zero && jitter >= .zero, "negative delay")
        update(peer) { rule in
            rule.delay = delay
            rule.jitter = jitter
        }
    }

    /// Removes every fault for `peer`.
    public func heal(_ peer: NodeAddress) {
        state.withLock { _ = $0.rules.removeValue(forKey: peer) }
    }

    public func healAll() {
        state.withLock { $0.rules.removeAll() }
    }

    public func rule(for peer: NodeAddress) -> FaultRule {
        state.withLock { $0.rules[peer] ?? FaultRule() }
    }

    func blocksInbound(from peer: NodeAddress) -> Bool {
        state.withLock { $0.rules[peer]?.blockInbound ?? false }
    }

    func blocksOutbound(to peer: NodeAddress) -> Bool {
        state.withLock { $0.rules[peer]?.blockOutbound ?? false }
    }

    func outboundVerdict(to peer: NodeAddress) -> OutboundVerdict {
        state.withLock { state in
            guard let rule = state.rules[peer] else { return .deliver }
            if rule.blockOutbound { return .drop }
            if rule.lossProbability > 0, state.random.nextUnit() < rule.lossProbability { return .drop }
            var delay = rule.delay
            if rule.jitter > .zero {
                delay += rule.jitter * state.random.nextUnit()
            }
            return delay > .zero ? .delay(delay) : .deliver
        }
    }

    private func update(_ peer: NodeAddress, _ change: (inout FaultRule) -> Void) {
        state.withLock { state in
            var rule = state.rules[peer] ?? FaultRule()
            change(&rule)
            state.rules[peer] = rule.isNoFault ? nil : rule
        }
    }
}
