import ContactCenter
import Foundation
import Hummingbird

/// Live statistics per queue and agent across the tenant's regions.
struct StatsRoutes {
    let gateway: Gateway

    func register(on router: RouterGroup<GatewayContext>) {
        router.get("stats", use: stats)
    }

    @Sendable func stats(_ request: Request, context: GatewayContext) async throws -> Response {
        let tenant = try context.tenant([.admin, .supervisor])
        return try JSONResponse.make(try await gateway.statistics(of: tenant))
    }
}

extension Gateway {
    /// Every configured region's queue and agent statistics, as of now.
    func statistics(of tenant: TenantID) async throws(Problem) -> StatsView {
        guard let profile = try await profile(of: tenant) else { throw Problem.notFound("the tenant") }
        let regions = Set(profile.queues.values.map(\.region)).sorted()
        var queues: [QueueStatsView] = []
        var agents: [AgentStatsView] = []
        for region in regions {
            let name = settings.name(of: region) ?? "\(region)"
            let (queueFigures, agentFigures) = try await call(domain(tenant, region)) {
                (try await $0.queueStatistics(), try await $0.agentStatistics())
            }
            queues += queueFigures.map { QueueStatsView($0, region: name) }
            agents += agentFigures.map { AgentStatsView($0, region: name) }
        }
        return StatsView(tenantId: tenant.rawValue, at: Date().timeIntervalSince1970, queues: queues, agents: agents)
    }
}
