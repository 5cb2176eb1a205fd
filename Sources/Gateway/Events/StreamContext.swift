import Hummingbird
import HummingbirdWebSocket

/// A WebSocket upgrade request's context: who opened the stream.
public struct StreamContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    var principal: Principal?

    public init(source: Source) {
        coreContext = .init(source: source)
        webSocket = .init()
    }
}

/// Checks the key of a stream before it is upgraded; refusals are problem+json like the
/// rest of the API. Streams are long-lived, so admission control counts their opening only.
struct StreamAuthenticator: RouterMiddleware {
    typealias Context = StreamContext
    let gateway: Gateway

    func handle(_ request: Request, context: StreamContext,
                next: (Request, StreamContext) async throws -> Response) async throws -> Response {
        guard let presented = KeyAuthenticator.presentedKey(request, allowQuery: true),
              let principal = try await gateway.principal(for: presented) else { throw Problem.unauthenticated }
        var context = context
        context.principal = principal
        guard let tenant = principal.tenant else { return try await next(request, context) }
        return try await gateway.admission.admit(tenant) { try await next(request, context) }
    }
}
