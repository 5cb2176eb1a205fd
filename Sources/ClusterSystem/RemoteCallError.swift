import Transport

/// Why a remote call failed. Every remote call ends in a value or one of these, within its deadline.
public enum RemoteCallError: Error, Equatable, CustomStringConvertible {
    /// No reply within the call's deadline.
    case timeout(target: String, actor: ClusterActorID, after: Duration)
    /// The remote function threw; its type name and description travel back.
    case remote(typeName: String, message: String)
    /// The connection to the hosting node failed or was lost while the call was in flight.
    case peerUnreachable(node: NodeAddress, reason: String)
    /// No actor at that path on that node incarnation (never existed, stopped, or the node restarted).
    case actorNotFound(ClusterActorID)
    /// The callee could not decode the call (version skew, unknown target) or we could not decode the reply.
    case badMessage(String)
    /// The deadline had already passed when the callee would have started.
    case deadlineExceededBeforeStart(ClusterActorID)
    /// The transport refused the message at once for a reason other than reachability:
    /// the peer's outbound buffer is full, or the message is over the frame limit.
    case sendRefused(node: NodeAddress, reason: String)
    /// The callee runs as many calls as it allows and did not run this one: safe to retry later.
    case overloaded(ClusterActorID)
    case cancelled
    /// This node's cluster system shut down while the call was waiting.
    case shutDown

    public var description: String {
        switch self {
        case .timeout(let target, let actor, let after):
            "call \(target) on \(actor) timed out after \(after)"
        case .remote(let typeName, let message):
            "remote call threw \(typeName): \(message)"
        case .peerUnreachable(let node, let reason):
            "node \(node) unreachable: \(reason)"
        case .actorNotFound(let id):
            "no actor \(id)"
        case .badMessage(let why):
            "bad message: \(why)"
        case .deadlineExceededBeforeStart(let id):
            "deadline passed before \(id) could start the call"
        case .overloaded(let id):
            "\(id.node) is overloaded and did not run the call"
        case .sendRefused(let node, let reason):
            "send to \(node) refused: \(reason)"
        case .cancelled:
            "call cancelled"
        case .shutDown:
            "the cluster system shut down"
        }
    }

    /// The error a caller sees when the transport refuses to send its call.
    init(sending error: TransportError, to peer: NodeAddress) {
        switch error {
        case .peerUnreachable(_, let reason): self = .peerUnreachable(node: peer, reason: reason)
        case .shutDown: self = .shutDown
        case .outboundBufferFull, .messageTooLarge: self = .sendRefused(node: peer, reason: error.description)
        }
    }
}
