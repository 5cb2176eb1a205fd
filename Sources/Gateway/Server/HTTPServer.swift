import Hummingbird
import HummingbirdWebSocket
import Logging
import Prometheus

/// A node's HTTP server: `/health` and Prometheus `/metrics` on every node, and on
/// gateway nodes the tenant API under `/v1` with its WebSocket streams.
public struct HTTPServer: Sendable {
    let gateway: Gateway?
    let http: GatewaySettings
    let registry: PrometheusCollectorRegistry
    let logger: Logger

    public init(settings: GatewaySettings, gateway: Gateway?, registry: PrometheusCollectorRegistry, logger: Logger) {
        http = settings
        self.gateway = settings.servesTenants ? gateway : nil
        self.registry = registry
        self.logger = logger
    }

    /// Serves until cancelled or until graceful shutdown.
    public func run() async throws {
        let router = Router(context: GatewayContext.self)
        router.add(middleware: MetricsMiddleware())
        router.get("health") { _, _ in "ok\n" }
        // Metrics are labelled by tenant: with an operator key configured, only the
        // operator (a Prometheus scraper given the key as its bearer token) reads them.
        router.get("metrics") { [registry, operatorKey = http.operatorKey] request, _ -> Response in
            if let operatorKey {
                guard let presented = KeyAuthenticator.presentedKey(request, allowQuery: false),
                      operatorKey.matches(presented) else { throw Problem.unauthenticated }
            }
            var bytes: [UInt8] = []
            registry.emit(into: &bytes)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        let streams = Router(context: StreamContext.self)
        if let gateway {
            let v1 = router.group("v1").add(middleware: KeyAuthenticator(gateway: gateway))
            TenantRoutes(gateway: gateway).register(on: v1)
            ContactRoutes(gateway: gateway).register(on: v1)
            MessageRoutes(gateway: gateway, contacts: ContactRoutes(gateway: gateway)).register(on: v1)
            AgentRoutes(gateway: gateway).register(on: v1)
            StatsRoutes(gateway: gateway).register(on: v1)
            ClusterRoutes(gateway: gateway).register(on: v1)
            EventStreams(gateway: gateway).registerFallback(on: v1)
            streams.add(middleware: StreamAuthenticator(gateway: gateway))
            EventStreams(gateway: gateway).register(on: streams)
        }
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: streams),
            configuration: .init(address: .hostname(http.http.host, port: Int(http.http.port)), serverName: "switchboard"),
            logger: logger)
        logger.notice("http listening", metadata: ["address": "\(http.http)", "gateway": "\(gateway != nil)"])
        try await app.run()
    }
}
