import ContactCenter
import Hummingbird

/// What an agent's desktop does: set a status, accept or reject offers, end contacts
/// and finish wrap-up. Agent keys act only as their own agent.
struct AgentRoutes {
    let gateway: Gateway

    func register(on router: RouterGroup<GatewayContext>) {
        router.post("agents/:agentId/status", use: setStatus)
        router.post("agents/:agentId/reservations/:reservationId/accept", use: accept)
        router.post("agents/:agentId/reservations/:reservationId/reject", use: reject)
        router.post("agents/:agentId/contacts/:contactId/complete", use: complete)
        router.post("agents/:agentId/contacts/:contactId/wrap-up-done", use: wrapUpDone)
    }

    @Sendable func setStatus(_ request: Request, context: GatewayContext) async throws -> Response {
        let (tenant, agent, region) = try await subject(context)
        let body = try await JSONBody.decode(StatusRequest.self, from: request)
        guard body.status != .missed else {
            throw FieldError(field: "status", problem: "'missed' is set by routing; choose available, break or offline").asProblem
        }
        let directives = try await gateway.submit(.agentStatusChanged(agent, body.status.status), tenant: tenant, region: region)
        return try JSONResponse.make(ActionView(directives, for: agent))
    }

    @Sendable func accept(_ request: Request, context: GatewayContext) async throws -> Response {
        try await act(context) { .reservationAccepted(ReservationID($0)) }
    }

    @Sendable func reject(_ request: Request, context: GatewayContext) async throws -> Response {
        try await act(context) { .reservationRejected(ReservationID($0)) }
    }

    /// The conversation ended: the agent enters wrap-up (or is free at once with none).
    @Sendable func complete(_ request: Request, context: GatewayContext) async throws -> Response {
        let (tenant, agent, region) = try await subject(context)
        let contact = ContactID(try PathParameter.bigID(context, "contactId"))
        var notes: String?
        if request.headers[.contentLength].map({ $0 != "0" }) ?? false {
            notes = try await JSONBody.decode(CompleteRequest.self, from: request).notes
            if let notes, notes.count > 4_000 || notes.utf8.count > 16 * 1024 {
                throw FieldError(field: "notes", problem: "must be at most 4000 characters").asProblem
            }
        }
        let directives = try await gateway.submit(.contactEnded(contact), tenant: tenant, region: region, by: agent)
        if let notes, !notes.isEmpty {
            // The conversation ended either way; notes that could not be kept are logged, not failed.
            let note = ConversationMessage(author: .note, agent: agent, text: notes, at: .now)
            do {
                _ = try await gateway.call(gateway.conversation(tenant, contact)) { try await $0.post(note) }
            } catch {
                gateway.logger.warning("wrap-up notes not kept", metadata: ["contact": "\(contact.rawValue)", "error": "\(error)"])
            }
        }
        return try JSONResponse.make(ActionView(directives, for: agent))
    }

    @Sendable func wrapUpDone(_ request: Request, context: GatewayContext) async throws -> Response {
        let (tenant, agent, region) = try await subject(context)
        let contact = ContactID(try PathParameter.bigID(context, "contactId"))
        let directives = try await gateway.submit(.wrapUpFinished(contact), tenant: tenant, region: region, by: agent)
        return try JSONResponse.make(ActionView(directives, for: agent))
    }

    private func act(_ context: GatewayContext, _ event: (UInt64) -> RoutingEvent) async throws -> Response {
        let (tenant, agent, region) = try await subject(context)
        let reservation = try PathParameter.bigID(context, "reservationId")
        let directives = try await gateway.submit(event(reservation), tenant: tenant, region: region, by: agent)
        return try JSONResponse.make(ActionView(directives, for: agent))
    }

    /// The tenant, agent and region a request acts for; 404 for an agent the tenant lacks.
    private func subject(_ context: GatewayContext) async throws(Problem) -> (TenantID, AgentID, RegionID) {
        let agent = AgentID(try PathParameter.id(context, "agentId"))
        let tenant = try context.tenant(actingAs: agent)
        guard let region = try await gateway.profile(of: tenant)?.region(of: agent) else {
            throw Problem.notFound("\(agent)")
        }
        return (tenant, agent, region)
    }
}

/// What routing did in answer to an agent's action, as stream events would show it.
struct ActionView: Encodable {
    var offers: [ReservationView]

    /// Only the agent's own offers: a timer that fired first may have offered others theirs.
    init(_ directives: [RoutingDirective], for agent: AgentID) {
        offers = directives.compactMap {
            if case .offer(let reservation, _) = $0, reservation.agent == agent { ReservationView(reservation) } else { nil }
        }
    }
}
