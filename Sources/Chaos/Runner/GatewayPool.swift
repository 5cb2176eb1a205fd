import Synchronization
import Transport

/// The gateways a tenant's systems and agents can reach, as a load balancer's health
/// checks would know them: the runner marks a node's gateway down while it is killed,
/// paused or restarting.
final class GatewayPool: Sendable {
    struct Gateway: Sendable {
        var node: String
        var region: String
        var address: NodeAddress
    }

    let all: [Gateway]
    private let down = Mutex<Set<String>>([])
    private let turn = Atomic<Int>(0)

    init(_ gateways: [Gateway]) {
        all = gateways
    }

    func markDown(_ node: String) { _ = down.withLock { $0.insert(node) } }
    func markUp(_ node: String) { _ = down.withLock { $0.remove(node) } }

    /// The next gateway up, round robin; preferring `region`'s when it has one up.
    func next(in region: String? = nil) -> Gateway {
        let down = self.down.withLock { $0 }
        let up = all.filter { !down.contains($0.node) }
        let local = up.filter { $0.region == region }
        let choices = !local.isEmpty ? local : (!up.isEmpty ? up : all)
        return choices[turn.add(1, ordering: .relaxed).newValue % choices.count]
    }

    /// Every gateway, `region`'s first: what an agent's desktop cycles through.
    func addresses(preferring region: String) -> [NodeAddress] {
        (all.filter { $0.region == region } + all.filter { $0.region != region }).map(\.address)
    }
}
