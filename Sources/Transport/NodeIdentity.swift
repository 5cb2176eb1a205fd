/// A node incarnation: its address plus a generation that grows on every start.
///
/// A node restarted on the same port is a *new* identity, so peers can tell the
/// calls they made to the old process (which must fail) from calls to the new one.
public struct NodeIdentity: Hashable, Sendable, Codable, CustomStringConvertible {
    public var address: NodeAddress
    public var generation: UInt64

    public init(address: NodeAddress, generation: UInt64) {
        self.address = address
        self.generation = generation
    }

    public var description: String { "\(address)#\(generation)" }
}
