/// What the transport does to traffic with one peer while a fault is injected.
///
/// Faults act where a real network would: partitioned frames vanish (heartbeats
/// included, so the far side's idle timeout fires as it would on a cut cable);
/// loss and delay apply to outbound messages.
public struct FaultRule: Sendable, Equatable {
    /// Drop every frame received from the peer.
    public var blockInbound = false
    /// Drop every frame sent to the peer.
    public var blockOutbound = false
    /// Probability in 0...1 that an outbound message is dropped.
    public var lossProbability = 0.0
    /// Added to every outbound message.
    public var delay: Duration = .zero
    /// A uniformly random extra delay in 0...jitter.
    public var jitter: Duration = .zero

    public init() {}

    public var isNoFault: Bool { self == FaultRule() }
}

/// Which direction a partition cuts, seen from this node.
public enum PartitionDirection: String, Sendable, Codable, CaseIterable {
    case inbound, outbound, both
}
