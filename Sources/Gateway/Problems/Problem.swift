import Foundation
import Hummingbird

/// An error answered as RFC 9457 problem details (`application/problem+json`).
///
/// `code` is stable and documented in docs/openapi.yaml; clients branch on it, never on
/// `detail`, whose wording may change. `type` is the code as a relative URI
/// (`/problems/<code>`), as RFC 9457 §3.1.1 allows.
public struct Problem: Error, HTTPResponseError, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var code: String
    public var title: String
    public var detail: String
    /// For 429 and 503: how long to wait before retrying, in whole seconds.
    public var retryAfterSeconds: Int?
    /// For malformed bodies: the JSON path of the offending field (`queue`, `skills[1].proficiency`).
    public var field: String?

    public init(_ status: HTTPResponse.Status, code: String, title: String, detail: String,
                retryAfterSeconds: Int? = nil, field: String? = nil) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.retryAfterSeconds = retryAfterSeconds
        self.field = field
    }

    private struct Body: Encodable {
        var type: String
        var title: String
        var status: Int
        var detail: String
        var code: String
        var instance: String
        var field: String?
        var retryAfter: Int?
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(type: "/problems/\(code)", title: title, status: status.code, detail: detail, code: code,
                        instance: request.uri.path, field: field, retryAfter: retryAfterSeconds)
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if let retryAfterSeconds { headers[.retryAfter] = "\(retryAfterSeconds)" }
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        if status == .upgradeRequired {
            headers[.upgrade] = "websocket"
            headers[.connection] = "Upgrade"
        }
        let data = try JSONEncoder.sorted.encode(body)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension JSONEncoder {
    /// Stable key order, so responses are easy to read and to compare in tests.
    static let sorted: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
}

/// The problems the API answers with, one per stable code.
extension Problem {
    static func notFound(_ what: String) -> Problem {
        Problem(.notFound, code: "not-found", title: "Not found", detail: "\(what) does not exist")
    }

    static let unauthenticated = Problem(
        .unauthorized, code: "unauthenticated", title: "Missing or unknown API key",
        detail: "send an API key as 'Authorization: Bearer <key>'")

    static func forbidden(_ detail: String) -> Problem {
        Problem(.forbidden, code: "forbidden", title: "Not allowed for this key", detail: detail)
    }

    static func invalid(_ detail: String, field: String? = nil) -> Problem {
        Problem(.badRequest, code: "invalid-request", title: "Invalid request", detail: detail, field: field)
    }

    static func malformedJSON(_ detail: String, field: String?) -> Problem {
        Problem(.badRequest, code: "malformed-json", title: "Malformed JSON body", detail: detail, field: field)
    }

    static func tooLarge(limit: Int) -> Problem {
        Problem(.contentTooLarge, code: "body-too-large", title: "Request body too large",
                detail: "bodies are limited to \(limit) bytes")
    }

    static func conflict(_ detail: String) -> Problem {
        Problem(.conflict, code: "conflict", title: "Conflicts with the current state", detail: detail)
    }

    static func refused(_ detail: String) -> Problem {
        Problem(.unprocessableContent, code: "refused", title: "Refused by routing", detail: detail)
    }

    static func idempotencyKeyReused(_ detail: String) -> Problem {
        Problem(.unprocessableContent, code: "idempotency-key-reused", title: "Idempotency key reused for another request", detail: detail)
    }

    static func overCapacity(retryAfterSeconds: Int, detail: String) -> Problem {
        Problem(.tooManyRequests, code: "over-capacity", title: "Over capacity",
                detail: detail, retryAfterSeconds: retryAfterSeconds)
    }

    static let upgradeRequired = Problem(
        .upgradeRequired, code: "upgrade-required", title: "WebSocket upgrade required",
        detail: "event streams are WebSockets: send the upgrade headers")

    static func unavailable(_ detail: String) -> Problem {
        Problem(.serviceUnavailable, code: "unavailable", title: "Temporarily unavailable",
                detail: detail, retryAfterSeconds: 1)
    }
}
