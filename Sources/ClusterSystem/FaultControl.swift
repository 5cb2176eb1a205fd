import Distributed
import Transport

/// Remote control of a node's transport faults, at `/system/faults`, for tests and
/// the chaos runner when kernel-level partitions are not available (no root).
///
/// A node hosts it only when started with fault injection enabled: in production,
/// nobody on the network may partition a node.
public distributed actor FaultControl {
    public typealias ActorSystem = ClusterSystem

    public static let path = "/system/faults"

    /// Drops traffic with `peer` in `direction`, as a cut cable would.
    public distributed func partition(from peer: NodeAddress, direction: PartitionDirection) {
        actorSystem.transport.faults.partition(from: peer, direction: direction)
    }

    /// Drops each outbound message to `peer` with `probability` (0...1).
    public distributed func setLoss(to peer: NodeAddress, probability: Double) throws {
        guard (0...1).contains(probability) else { throw FaultControlError.probabilityOutOfRange(probability) }
        actorSystem.transport.faults.setLoss(to: peer, probability: probability)
    }

    public distributed func setDelay(to peer: NodeAddress, milliseconds: Int, jitterMilliseconds: Int) throws {
        guard (0...3_600_000).contains(milliseconds), (0...3_600_000).contains(jitterMilliseconds) else {
            throw FaultControlError.delayOutOfRange(milliseconds, jitterMilliseconds)
        }
        actorSystem.transport.faults.setDelay(to: peer, .milliseconds(milliseconds), jitter: .milliseconds(jitterMilliseconds))
    }

    public distributed func heal(_ peer: NodeAddress) {
        actorSystem.transport.faults.heal(peer)
    }

    public distributed func healAll() {
        actorSystem.transport.faults.healAll()
    }

    /// The fault control of the node at `address`, if it hosts one.
    public static func on(_ address: NodeAddress, using system: ClusterSystem) throws -> FaultControl {
        try resolve(id: .wellKnown(path, on: address), using: system)
    }
}

public enum FaultControlError: Error, Codable, Equatable {
    case probabilityOutOfRange(Double)
    /// Delay and jitter must each be 0 to 3,600,000 ms (an hour).
    case delayOutOfRange(Int, Int)
}
