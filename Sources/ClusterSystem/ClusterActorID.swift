import Transport

/// A distributed actor's identity: the node incarnation that hosts it and a path
/// on that node, e.g. `127.0.0.2:7001#5/system/diagnostics`.
///
/// Generation 0 names "whichever incarnation is up at that address"; it is how
/// well-known actors (`/system/…`) are resolved from an address alone.
public struct ClusterActorID: Hashable, Sendable, Codable, CustomStringConvertible {
    public var node: NodeIdentity
    public var path: String

    public init(node: NodeIdentity, path: String) {
        self.node = node
        self.path = path
    }

    /// The well-known actor at `path` on the node listening at `address`.
    public static func wellKnown(_ path: String, on address: NodeAddress) -> ClusterActorID {
        ClusterActorID(node: NodeIdentity(address: address, generation: 0), path: path)
    }

    public var description: String { "\(node)\(path)" }
}
