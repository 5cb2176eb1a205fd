import Hummingbird

/// Cluster state for operators: members and shards, as `switchboard ctl` shows them.
struct ClusterRoutes {
    let gateway: Gateway

    func register(on router: RouterGroup<GatewayContext>) {
        router.get("cluster/members", use: members)
        router.get("cluster/shards", use: shards)
    }

    @Sendable func members(_ request: Request, context: GatewayContext) async throws -> Response {
        try context.requireOperator()
        return try JSONResponse.make(ListView(items: await gateway.inspection.members()))
    }

    @Sendable func shards(_ request: Request, context: GatewayContext) async throws -> Response {
        try context.requireOperator()
        return try JSONResponse.make(ListView(items: await gateway.inspection.shards()))
    }
}
