/// What a tenant's key may do. Admins administer the tenant; supervisors watch the
/// floor and create and steer contacts; an agent key acts only as its own agent.
public enum Role: String, Sendable, CaseIterable, Codable, WireEnum {
    case admin
    case supervisor
    case agent

    public init(from decoder: any Decoder) throws {
        self = try Self(wireFrom: decoder)
    }
}
