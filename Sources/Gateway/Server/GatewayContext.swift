import ContactCenter
import Hummingbird

/// A request's context on the gateway: who sent it, once the key checked out.
public struct GatewayContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    var principal: Principal?

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    public var maxUploadSize: Int { JSONBody.limit }

    /// The caller's tenant, if its key has one of `roles`. An operator key is not a
    /// tenant's key, so tenant routes refuse it.
    func tenant(_ roles: Set<Role>) throws(Problem) -> TenantID {
        guard case .tenant(let tenant, let role, _)? = principal else {
            throw Problem.forbidden("this route needs a tenant's API key")
        }
        guard roles.contains(role) else {
            throw Problem.forbidden("this route needs one of the roles \(roles.map(\.rawValue).sorted().joined(separator: ", "))")
        }
        return tenant
    }

    /// The caller's tenant, if it may act as `agent`: admins and supervisors for any
    /// agent of theirs, an agent key only for its own agent.
    func tenant(actingAs agent: AgentID) throws(Problem) -> TenantID {
        guard case .tenant(let tenant, let role, let own)? = principal else {
            throw Problem.forbidden("this route needs a tenant's API key")
        }
        if role == .agent, own != agent { throw Problem.forbidden("an agent key acts only as its own agent") }
        return tenant
    }

    func requireOperator() throws(Problem) {
        guard principal == .operator else { throw Problem.forbidden("this route needs the operator key") }
    }
}
