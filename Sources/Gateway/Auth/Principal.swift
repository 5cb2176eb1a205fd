import ContactCenter

/// Who a request comes from, once its key checked out.
public enum Principal: Sendable, Equatable {
    case `operator`
    case tenant(TenantID, Role, agent: AgentID?)

    var tenant: TenantID? {
        if case .tenant(let tenant, _, _) = self { return tenant }
        return nil
    }
}
