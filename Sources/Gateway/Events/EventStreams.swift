import ContactCenter
import Foundation
import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// WebSocket event streams: `/v1/agents/{agentId}/events` for an agent's desktop (its
/// offers, their ends, its status, its contacts finishing) and `/v1/events` for a
/// supervisor's wallboard (every routing event, and statistics every second).
///
/// Each stream reads its tenant's routing domains' numbered directives. A client that
/// reconnects with `?lastEventId=` misses nothing still retained (10,000 directives
/// per domain), and is told with a `gap` event when some are no longer.
struct EventStreams {
    let gateway: Gateway
    static let pollInterval = Duration.milliseconds(200)
    /// RFC 6455's registry: "Try Again Later", for a stream the node cannot serve yet.
    static let tryAgainLater: UInt16 = 1013
    /// Directives per poll: a page stays well inside one transport frame even when
    /// every directive carries a contact with the largest attributes allowed (16 KiB).
    static let pageLimit = 200

    func register(on router: Router<StreamContext>) {
        router.ws("/v1/agents/:agentId/events", shouldUpgrade: { _, context in
            try Self.checkAgentStream(context.principal, agent: AgentID(try PathParameter.id(context.coreContext.parameters, "agentId")))
            return .upgrade([:])
        }, onUpgrade: { inbound, outbound, context in
            let request = context.request
            guard case .tenant(let tenant, _, _)? = context.requestContext.principal,
                  let agent = (try? PathParameter.id(context.requestContext.parameters, "agentId")).map({ AgentID($0) }) else {
                try await outbound.close(.policyViolation, reason: "no such agent")
                return
            }
            let profile: TenantProfile?
            do {
                profile = try await gateway.profile(of: tenant)
            } catch let problem as Problem {
                // The tenant's profile is out of reach for now (its shard failing over, say):
                // the agent may well exist, so the desktop is told to come back.
                try await outbound.close(.unknown(Self.tryAgainLater), reason: problem.detail)
                return
            }
            guard let region = profile?.region(of: agent) else {
                try await outbound.close(.policyViolation, reason: "no such agent")
                return
            }
            try await serve(tenant: tenant, regions: [region], agent: agent,
                            resumeFrom: request.uri.queryParameters.get("lastEventId"), inbound: inbound, outbound: outbound)
        })
        router.ws("/v1/events", shouldUpgrade: { _, context in
            try Self.checkSupervisorStream(context.principal)
            return .upgrade([:])
        }, onUpgrade: { inbound, outbound, context in
            guard case .tenant(let tenant, _, _)? = context.requestContext.principal else { return }
            let regions = gateway.settings.regions.indices.map { RegionID(UInt32($0 + 1)) }
            try await serve(tenant: tenant, regions: regions, agent: nil,
                            resumeFrom: context.request.uri.queryParameters.get("lastEventId"),
                            inbound: inbound, outbound: outbound)
        })
    }

    /// The same paths on the plain HTTP router: a request that was not upgraded (no
    /// upgrade headers, or refused) gets the problem that explains why.
    func registerFallback(on router: RouterGroup<GatewayContext>) {
        router.get("agents/:agentId/events") { _, context -> Response in
            try Self.checkAgentStream(context.principal, agent: AgentID(try PathParameter.id(context, "agentId")))
            throw Problem.upgradeRequired
        }
        router.get("events") { _, context -> Response in
            try Self.checkSupervisorStream(context.principal)
            throw Problem.upgradeRequired
        }
    }

    static func checkAgentStream(_ principal: Principal?, agent: AgentID) throws(Problem) {
        guard case .tenant(_, let role, let own)? = principal else { throw Problem.forbidden("streams need a tenant's API key") }
        if role == .agent, own != agent { throw Problem.forbidden("an agent key streams only its own events") }
    }

    static func checkSupervisorStream(_ principal: Principal?) throws(Problem) {
        guard case .tenant(_, let role, _)? = principal, role != .agent else {
            throw Problem.forbidden("the supervisor stream needs an admin or supervisor key")
        }
    }

    /// Relays events while the tenant has a stream place on this node; without one the
    /// stream is closed at once, saying why.
    private func serve(tenant: TenantID, regions: [RegionID], agent: AgentID?, resumeFrom: String?,
                       inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        do {
            try await gateway.admission.stream(tenant) {
                try await relay(tenant: tenant, regions: regions, agent: agent, resumeFrom: resumeFrom,
                                inbound: inbound, outbound: outbound)
            }
        } catch let problem as Problem {
            try await outbound.close(.policyViolation, reason: problem.detail)
        }
    }

    /// Writes events until the client closes the stream; reads the inbound side only to
    /// notice that close.
    private func relay(tenant: TenantID, regions: [RegionID], agent: AgentID?, resumeFrom: String?,
                       inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for try await _ in inbound {}
            }
            group.addTask {
                try await pump(tenant: tenant, regions: regions, agent: agent, resumeFrom: resumeFrom, outbound: outbound)
            }
            _ = try await group.next()
            group.cancelAll()
        }
    }

    private func pump(tenant: TenantID, regions: [RegionID], agent: AgentID?, resumeFrom: String?,
                      outbound: WebSocketOutboundWriter) async throws {
        var cursor = resumeFrom.flatMap(StreamCursor.init(parsing:)) ?? StreamCursor()
        for region in regions where cursor.positions[region] == nil {
            // A new stream starts at the present; a resumed one where it left off.
            let page = try? await gateway.call(gateway.domain(tenant, region)) { try await $0.directives(after: 0, limit: 1) }
            cursor.positions[region] = (page?.next ?? 1) - 1
        }
        var nextStats = ContinuousClock.now
        while !Task.isCancelled {
            for region in regions {
                let after = cursor.positions[region] ?? 0
                guard let page = try? await gateway.call(gateway.domain(tenant, region), {
                    try await $0.directives(after: after, limit: Self.pageLimit)
                }) else { continue }
                let name = gateway.settings.name(of: region) ?? "\(region)"
                if page.gap {
                    cursor.positions[region] = page.oldestRetained - 1
                    try await send(StreamEvent(eventId: cursor.text, tenantId: tenant.rawValue, type: .gap,
                                               at: Date().timeIntervalSince1970, region: name), to: outbound)
                }
                for item in page.items {
                    cursor.positions[region] = item.sequence
                    guard let event = StreamEvent.from(item, eventId: cursor.text, tenant: tenant, region: name,
                                                       settings: gateway.settings) else { continue }
                    if let agent, !event.concerns(agent: agent) { continue }
                    try await send(event, to: outbound)
                }
            }
            if agent == nil, ContinuousClock.now >= nextStats {
                nextStats = .now + .seconds(1)
                if let stats = try? await gateway.statistics(of: tenant) {
                    var event = StreamEvent(eventId: cursor.text, tenantId: tenant.rawValue, type: .stats, at: stats.at)
                    event.stats = stats
                    try await send(event, to: outbound)
                }
            }
            try await Task.sleep(for: Self.pollInterval)
        }
    }

    private func send(_ event: StreamEvent, to outbound: WebSocketOutboundWriter) async throws {
        let data = try JSONEncoder.sorted.encode(event)
        try await outbound.write(.text(String(decoding: data, as: UTF8.self)))
    }
}
