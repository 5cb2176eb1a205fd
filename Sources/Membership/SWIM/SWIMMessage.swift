import Transport

/// The messages SWIM members exchange. All are one-way: the shell sends each as a
/// fire-and-forget remote call and hands received ones to `SWIMInstance.receive`.
/// Probe and join messages piggyback a bounded list of gossip
/// (SWIM §4.4), so dissemination costs no messages of its own.
public enum SWIMMessage: Sendable, Codable, Equatable {
    /// SWIM §4.1: "are you alive?" Answered with `ack` carrying the same sequence.
    case ping(sequence: UInt64, gossip: [GossipEntry])
    /// The answer to a ping. `target` is the member proven alive: the sender itself
    /// for a direct ping, the probed member when an intermediary relays it.
    case ack(sequence: UInt64, target: NodeIdentity, gossip: [GossipEntry])
    /// SWIM §4.1 indirect probe: "ping `target` for me and relay its ack".
    case pingReq(sequence: UInt64, target: NodeIdentity, gossip: [GossipEntry])
    /// Lifeguard §4.3: an intermediary's "I asked, `target` did not answer". Its
    /// arrival proves the requester's own links work; a missing nack counts against
    /// the requester's local health.
    case nack(sequence: UInt64, target: NodeIdentity, gossip: [GossipEntry])
    /// A new node (or a seed looking for its cluster) introduces itself.
    case join(member: SWIMMember, gossip: [GossipEntry])
    /// A member's answer to `join`: its whole view, so the newcomer starts complete.
    case joinReply(view: [GossipEntry])
    /// Anti-entropy push (memberlist's push/pull): the sender's whole view, sent to
    /// one random member every `syncInterval`. Piggybacking is probabilistic and
    /// bounded; this repairs what it missed after a join storm or a healed partition.
    case sync(view: [GossipEntry])
    /// The pull half of `sync`: the receiver's whole view after merging the sender's.
    case syncReply(view: [GossipEntry])
    /// A graceful leave, sent to every member at once so none mistakes the
    /// departure for a failure; the gossip carries it to any that miss it.
    case leave(member: SWIMMember)

    /// The piggybacked entries, or the view of a `joinReply`.
    public var gossip: [GossipEntry] {
        switch self {
        case .ping(_, let gossip), .ack(_, _, let gossip), .pingReq(_, _, let gossip),
             .nack(_, _, let gossip), .join(_, let gossip):
            return gossip
        case .joinReply(let view), .sync(let view), .syncReply(let view):
            return view
        case .leave(let member):
            return [GossipEntry(member: member)]
        }
    }
}

/// What the shell must do after a call into `SWIMInstance` (the sans-I/O
/// "directive" shape of apple/swift-cluster-membership).
public enum SWIMDirective: Sendable, Equatable {
    /// Send the message to the member, fire and forget. A seed not yet known is
    /// addressed with generation 0: "whoever listens there". If the transport knows
    /// at once that the peer is unreachable, call `sendFailed(to:now:)`.
    case send(SWIMMessage, to: NodeIdentity)
    /// Publish a change of the view.
    case event(MembershipEvent)
}

/// A change of the view, carrying the member as it now is.
public enum MembershipEvent: Sendable, Equatable, CustomStringConvertible {
    /// A member (or a new generation at a known address) joined the view; also
    /// published for this node itself once it has joined.
    case memberUp(SWIMMember)
    /// A member missed its probes and is suspected (SWIM §4.2).
    case memberSuspect(SWIMMember)
    /// A suspected member refuted the suspicion: reachable again.
    case memberReachable(SWIMMember)
    /// A member was declared dead. Published for this node itself when the cluster
    /// declared it dead: the shell must restart it as a new generation.
    case memberDown(SWIMMember)
    /// A member left gracefully.
    case memberLeft(SWIMMember)

    public var member: SWIMMember {
        switch self {
        case .memberUp(let member), .memberSuspect(let member), .memberReachable(let member),
             .memberDown(let member), .memberLeft(let member):
            return member
        }
    }

    public var description: String {
        switch self {
        case .memberUp(let member): "up \(member)"
        case .memberSuspect(let member): "suspect \(member)"
        case .memberReachable(let member): "reachable \(member)"
        case .memberDown(let member): "down \(member)"
        case .memberLeft(let member): "left \(member)"
        }
    }
}
