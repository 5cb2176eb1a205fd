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
    case cancelled

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
        case .cancelled:
            "call cancelled"
        }
    }
}
