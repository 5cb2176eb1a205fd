import ContactCenter
import Foundation
import Hummingbird

/// Tenant administration: creation by the operator, then keys, skills, queues and
/// agents by the tenant's admins.
struct TenantRoutes {
    let gateway: Gateway

    func register(on router: RouterGroup<GatewayContext>) {
        router.post("tenants", use: createTenant)
        router.get("tenant", use: showTenant)
        router.post("api-keys", use: createKey)
        router.get("api-keys", use: listKeys)
        router.delete("api-keys/:keyId", use: revokeKey)
        router.put("skills/:skillId", use: nameSkill)
        router.get("skills", use: listSkills)
        router.put("queues/:queueId", use: putQueue)
        router.get("queues", use: listQueues)
        router.get("queues/:queueId", use: showQueue)
        router.put("agents/:agentId", use: putAgent)
        router.get("agents", use: listAgents)
        router.get("agents/:agentId", use: showAgent)
    }

    @Sendable func createTenant(_ request: Request, context: GatewayContext) async throws -> Response {
        try context.requireOperator()
        let body = try await JSONBody.decode(CreateTenantRequest.self, from: request)
        let name = try Check.name(body.name, field: "name")
        var generator = SystemRandomNumberGenerator()
        // Random IDs need no coordination; a taken one is retried with another.
        for _ in 0..<8 {
            let id = TenantID(UInt32.random(in: 1...UInt32.max, using: &generator))
            let admin = APIKey.generate(for: id)
            var profile = TenantProfile(id: id, name: name)
            profile.keys[admin.id] = .init(id: admin.id, hash: admin.hash, role: .admin, agent: nil,
                                           createdAt: Date().timeIntervalSince1970)
            let fresh = profile
            if try await gateway.call(gateway.tenant(id), { try await $0.create(fresh) }) {
                gateway.remember(fresh)
                gateway.logger.notice("tenant created", metadata: ["tenant": "\(id.rawValue)"])
                return try JSONResponse.make(TenantCreated(tenantId: id.rawValue, name: name, adminKey: admin.text),
                                             status: .created, location: "/v1/tenant")
            }
        }
        throw Problem.unavailable("no free tenant ID found; retry")
    }

    @Sendable func showTenant(_ request: Request, context: GatewayContext) async throws -> Response {
        let profile = try await currentProfile(context.tenant(Set(Role.allCases)))
        return try JSONResponse.make(TenantView(tenantId: profile.id.rawValue, name: profile.name,
                                                regions: gateway.settings.regions, queues: profile.queues.count,
                                                agents: profile.agents.count, skills: profile.skills.count))
    }

    @Sendable func createKey(_ request: Request, context: GatewayContext) async throws -> Response {
        let tenant = try context.tenant([.admin])
        let body = try await JSONBody.decode(CreateKeyRequest.self, from: request)
        var agent: AgentID?
        switch (body.role, body.agentId) {
        case (.agent, let id?): agent = AgentID(try Check.id(id, field: "agentId"))
        case (.agent, nil): throw FieldError(field: "agentId", problem: "is required for agent keys").asProblem
        case (_, _?): throw FieldError(field: "agentId", problem: "is only for agent keys").asProblem
        case (_, nil): break
        }
        let key = APIKey.generate(for: tenant)
        let stored = TenantProfile.StoredKey(id: key.id, hash: key.hash, role: body.role, agent: agent,
                                             createdAt: Date().timeIntervalSince1970)
        if let agent, try await currentProfile(tenant, fresh: true).agents[agent] == nil {
            throw FieldError(field: "agentId", problem: "names no agent of this tenant").asProblem
        }
        _ = try await gateway.change(tenant, .keyAdded(stored))
        return try JSONResponse.make(KeyCreated(keyId: key.id, key: key.text, role: body.role, agentId: agent?.rawValue),
                                     status: .created, location: "/v1/api-keys/\(key.id)")
    }

    @Sendable func listKeys(_ request: Request, context: GatewayContext) async throws -> Response {
        let profile = try await currentProfile(context.tenant([.admin]))
        return try JSONResponse.make(ListView(items: profile.keys.values.sorted { $0.createdAt < $1.createdAt }.map(KeyView.init)))
    }

    @Sendable func revokeKey(_ request: Request, context: GatewayContext) async throws -> Response {
        let tenant = try context.tenant([.admin])
        let id = PathParameter.text(context, "keyId")
        guard try await currentProfile(tenant).keys[id] != nil else { throw Problem.notFound("key \(id)") }
        _ = try await gateway.change(tenant, .keyRevoked(id))
        return JSONResponse.noContent
    }

    @Sendable func nameSkill(_ request: Request, context: GatewayContext) async throws -> Response {
        let tenant = try context.tenant([.admin])
        let skill = SkillID(try PathParameter.id(context, "skillId"))
        let body = try await JSONBody.decode(SkillRequest.self, from: request)
        let name = try Check.name(body.name, field: "name")
        _ = try await gateway.change(tenant, .skillNamed(skill, name))
        return try JSONResponse.make(SkillView(skillId: skill.rawValue, name: name))
    }

    @Sendable func listSkills(_ request: Request, context: GatewayContext) async throws -> Response {
        let profile = try await currentProfile(context.tenant([.admin, .supervisor]))
        return try JSONResponse.make(ListView(items: profile.skills.sorted { $0.key < $1.key }
            .map { SkillView(skillId: $0.key.rawValue, name: $0.value) }))
    }

    /// Creates or replaces a queue, then reconfigures its region's routing domain.
    /// Refused (409) while that domain routes contacts: queues change between shifts.
    @Sendable func putQueue(_ request: Request, context: GatewayContext) async throws -> Response {
        let tenant = try context.tenant([.admin])
        let id = QueueID(try PathParameter.id(context, "queueId"))
        let body = try await JSONBody.decode(QueueRequest.self, from: request)
        let (queue, region) = try body.queue(id: id, settings: gateway.settings)
        let stored = TenantProfile.TenantQueue(queue: queue, region: region)
        let profile = try await gateway.setQueue(stored, of: tenant)
        return try JSONResponse.make(QueueView(profile.queues[id] ?? stored, settings: gateway.settings))
    }

    @Sendable func listQueues(_ request: Request, context: GatewayContext) async throws -> Response {
        let profile = try await currentProfile(context.tenant([.admin, .supervisor]))
        return try JSONResponse.make(ListView(items: profile.queues.values.sorted { $0.queue.id < $1.queue.id }
            .map { QueueView($0, settings: gateway.settings) }))
    }

    @Sendable func showQueue(_ request: Request, context: GatewayContext) async throws -> Response {
        let profile = try await currentProfile(context.tenant([.admin, .supervisor]))
        let id = QueueID(try PathParameter.id(context, "queueId"))
        guard let queue = profile.queues[id] else { throw Problem.notFound("\(id)") }
        return try JSONResponse.make(QueueView(queue, settings: gateway.settings))
    }

    /// Creates or replaces an agent. A new agent starts offline; a changed one is
    /// removed and added again (offline), which is refused while they hold contacts.
    @Sendable func putAgent(_ request: Request, context: GatewayContext) async throws -> Response {
        let tenant = try context.tenant([.admin])
        let id = AgentID(try PathParameter.id(context, "agentId"))
        let body = try await JSONBody.decode(AgentRequest.self, from: request)
        let (agent, name) = try body.agent(id: id, settings: gateway.settings)
        let profile = try await currentProfile(tenant, fresh: true)
        let existing = profile.agents[id]
        if let existing, existing.agent.region != agent.region {
            throw Problem.conflict("\(id) cannot move to another region; create a new agent")
        }
        if existing?.agent != agent {
            if existing != nil {
                var removal: Problem?
                do {
                    _ = try await gateway.submit(.agentRemoved(id), tenant: tenant, region: agent.region)
                } catch {
                    removal = error
                }
                // Not found: removed by an earlier attempt whose add did not land; add it now.
                if let removal, removal.code != "not-found" { throw removal }
            }
            var refusal: Problem?
            do {
                _ = try await gateway.submit(.agentAdded(agent, status: .offline), tenant: tenant, region: agent.region)
            } catch {
                refusal = error
            }
            // A new agent the domain knows already was added by an earlier attempt whose
            // profile change did not land: the same agent, so carry on.
            if let refusal, refusal.code != "refused" || existing != nil { throw refusal }
        }
        let updated = try await gateway.change(tenant, .agentSet(.init(agent: agent, name: name)))
        return try JSONResponse.make(AgentView(updated.agents[id]!, settings: gateway.settings))
    }

    @Sendable func listAgents(_ request: Request, context: GatewayContext) async throws -> Response {
        let profile = try await currentProfile(context.tenant([.admin, .supervisor]))
        return try JSONResponse.make(ListView(items: profile.agents.values.sorted { $0.agent.id < $1.agent.id }
            .map { AgentView($0, settings: gateway.settings) }))
    }

    @Sendable func showAgent(_ request: Request, context: GatewayContext) async throws -> Response {
        let id = AgentID(try PathParameter.id(context, "agentId"))
        let profile = try await currentProfile(context.tenant(actingAs: id))
        guard let agent = profile.agents[id] else { throw Problem.notFound("\(id)") }
        return try JSONResponse.make(AgentView(agent, settings: gateway.settings))
    }

    /// Reads use the briefly cached profile; changes start from a fresh one, since
    /// another gateway may have changed the tenant a moment ago.
    private func currentProfile(_ tenant: TenantID, fresh: Bool = false) async throws(Problem) -> TenantProfile {
        guard let profile = try await gateway.profile(of: tenant, fresh: fresh) else { throw Problem.notFound("the tenant") }
        return profile
    }
}
