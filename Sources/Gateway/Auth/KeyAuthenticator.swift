import Foundation
import Hummingbird

/// Checks the API key of every /v1 request and admits tenant requests through their
/// tenant's admission control. Keys come as `Authorization: Bearer <key>`, and only
/// there: a key in a URL ends up in access logs.
struct KeyAuthenticator: RouterMiddleware {
    typealias Context = GatewayContext
    let gateway: Gateway

    func handle(_ request: Request, context: GatewayContext,
                next: (Request, GatewayContext) async throws -> Response) async throws -> Response {
        guard let presented = Self.presentedKey(request, allowQuery: false) else { throw Problem.unauthenticated }
        guard let principal = try await gateway.principal(for: presented) else { throw Problem.unauthenticated }
        var context = context
        context.principal = principal
        guard let tenant = principal.tenant else { return try await next(request, context) }
        return try await gateway.admission.admit(tenant) { try await next(request, context) }
    }

    /// The bearer key; with `allowQuery`, `?key=` too, for WebSocket clients (browsers)
    /// that cannot set headers on the upgrade request.
    static func presentedKey(_ request: Request, allowQuery: Bool) -> String? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
            // Spaces and tabs around the key are dropped by hand: Foundation's trimming
            // showed up in the profile of every request.
            var key = parts[1].utf8[...]
            while let first = key.first, first == 0x20 || first == 0x09 { key = key.dropFirst() }
            while let last = key.last, last == 0x20 || last == 0x09 { key = key.dropLast() }
            return String(decoding: key, as: UTF8.self)
        }
        return allowQuery ? request.uri.queryParameters.get("key") : nil
    }
}
