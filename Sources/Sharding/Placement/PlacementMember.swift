import Transport

/// A live member as placement sees it: where it listens and which region it is in.
public struct PlacementMember: Hashable, Sendable, Codable, CustomStringConvertible {
    public var address: NodeAddress
    public var region: String

    public init(address: NodeAddress, region: String) {
        self.address = address
        self.region = region
    }

    public var description: String { "\(address)@\(region)" }
}
