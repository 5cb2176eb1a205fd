import ContactCenter
import Foundation
import Hummingbird

/// Chat messages of a contact: the customer's side through the tenant's systems, the
/// agent's side from the desktop of the agent who holds the contact.
struct MessageRoutes {
    let gateway: Gateway
    let contacts: ContactRoutes

    func register(on router: RouterGroup<GatewayContext>) {
        router.post("contacts/:contactId/messages", use: postAsCustomer)
        router.get("contacts/:contactId/messages", use: listForTenant)
        router.post("agents/:agentId/contacts/:contactId/messages", use: postAsAgent)
        router.get("agents/:agentId/contacts/:contactId/messages", use: listForAgent)
    }

    @Sendable func postAsCustomer(_ request: Request, context: GatewayContext) async throws -> Response {
        let tenant = try context.tenant([.admin, .supervisor])
        let contact = ContactID(try PathParameter.bigID(context, "contactId"))
        let body = try await JSONBody.decode(MessageRequest.self, from: request)
        let message = try body.message(author: .customer, agent: nil, at: .now)
        _ = try await contacts.locate(contact, tenant: tenant)
        return try await post(message, tenant: tenant, contact: contact)
    }

    @Sendable func listForTenant(_ request: Request, context: GatewayContext) async throws -> Response {
        let tenant = try context.tenant([.admin, .supervisor])
        let contact = ContactID(try PathParameter.bigID(context, "contactId"))
        _ = try await contacts.locate(contact, tenant: tenant)
        return try await list(tenant: tenant, contact: contact)
    }

    @Sendable func postAsAgent(_ request: Request, context: GatewayContext) async throws -> Response {
        let (tenant, agent, contact) = try await heldContact(context)
        let body = try await JSONBody.decode(MessageRequest.self, from: request)
        return try await post(try body.message(author: .agent, agent: agent, at: .now), tenant: tenant, contact: contact)
    }

    @Sendable func listForAgent(_ request: Request, context: GatewayContext) async throws -> Response {
        let (tenant, _, contact) = try await heldContact(context)
        return try await list(tenant: tenant, contact: contact)
    }

    private func post(_ message: ConversationMessage, tenant: TenantID, contact: ContactID) async throws -> Response {
        _ = try await gateway.call(gateway.conversation(tenant, contact)) { try await $0.post(message) }
        return try JSONResponse.make(MessageView(message), status: .created)
    }

    private func list(tenant: TenantID, contact: ContactID) async throws -> Response {
        let messages = try await gateway.call(gateway.conversation(tenant, contact)) { try await $0.all() }
        return try JSONResponse.make(ListView(items: messages.map(MessageView.init)))
    }

    /// The contact named in the path, if the agent named there holds it now.
    private func heldContact(_ context: GatewayContext) async throws(Problem) -> (TenantID, AgentID, ContactID) {
        let agent = AgentID(try PathParameter.id(context, "agentId"))
        let tenant = try context.tenant(actingAs: agent)
        let contact = ContactID(try PathParameter.bigID(context, "contactId"))
        let found = try await contacts.locate(contact, tenant: tenant)
        let holder = try await gateway.call(gateway.domain(tenant, found.region)) { try await $0.holder(of: contact) }
        guard holder == agent else { throw Problem.notFound("\(contact) held by \(agent)") }
        return (tenant, agent, contact)
    }
}
