import SeededRandom
import Transport

/// SWIM §4.3 "round-robin probe target selection": members are probed in a random
/// order, each once per round, and the order is reshuffled at the end of a round.
/// A joining member is inserted at a random position among those not yet probed
/// this round. This bounds the time until a failed member is first probed by any
/// one prober to 2n − 1 periods, where uniformly random choice has no bound.
struct ProbeOrder: Sendable {
    private var order: [NodeAddress] = []
    private var position = 0

    /// The next member to probe, skipping those no longer eligible (dead, left,
    /// replaced); starts a new shuffled round from `candidates` when one ends.
    mutating func next(
        candidates: () -> [NodeAddress],
        isEligible: (NodeAddress) -> Bool,
        using random: inout SplitMix64
    ) -> NodeAddress? {
        for round in 0..<2 {
            while position < order.count {
                let address = order[position]
                position += 1
                if isEligible(address) { return address }
            }
            guard round == 0 else { break }
            order = candidates()
            order.shuffle(using: &random)
            position = 0
        }
        return nil
    }

    /// Adds a new member at a random position in what remains of this round.
    mutating func insert(_ address: NodeAddress, using random: inout SplitMix64) {
        guard !order[position...].contains(address) else { return }
        let slot = position + Int(random.next() % UInt64(order.count - position + 1))
        order.insert(address, at: slot)
    }
}
