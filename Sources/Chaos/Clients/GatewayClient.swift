import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Transport

/// JSON over HTTP with a bearer key: the demo's, the benchmarks' and the chaos runner's
/// way into a gateway, as a tenant's own systems would use it.
public struct GatewayClient: Sendable {
    public let base: String
    public let key: String
    /// How long a request may take before it counts as unanswered.
    public var timeout: TimeInterval

    public init(_ address: NodeAddress, key: String, timeout: TimeInterval = 15) {
        base = "http://\(address.host):\(address.port)"
        self.key = key
        self.timeout = timeout
    }

    public struct Failure: Error, CustomStringConvertible {
        public var status: Int
        public var body: String
        public var description: String { "HTTP \(status): \(body)" }

        public init(status: Int, body: String) {
            self.status = status
            self.body = body
        }
    }

    /// An answer, whatever its status.
    public struct Reply: Sendable {
        public var status: Int
        public var retryAfter: String?
        public var body: Data

        public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        public var isSuccess: Bool { (200..<300).contains(status) }
    }

    /// Its own session: the shared one allows 6 connections per host, and on Linux a
    /// request queued for one counts against its timeout, so the clients would measure
    /// their own queue instead of the gateway.
    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.default
        configuration.httpMaximumConnectionsPerHost = 512
        return URLSession(configuration: configuration)
    }()

    /// Sends a request and returns the answer; throws only when none came (refused,
    /// reset, timed out).
    public func send(_ method: String, _ path: String, _ body: [String: Any]? = nil,
                     headers: [String: String] = [:]) async throws -> Reply {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.timeoutInterval = timeout
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await Self.session.data(for: request)
        let http = response as? HTTPURLResponse
        return Reply(status: http?.statusCode ?? 0, retryAfter: http?.value(forHTTPHeaderField: "Retry-After"), body: data)
    }

    /// Sends a request and returns the JSON object it answered; a non-2xx status throws.
    @discardableResult
    public func call(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
        let reply = try await send(method, path, body)
        guard reply.isSuccess else { throw Failure(status: reply.status, body: String(decoding: reply.body, as: UTF8.self)) }
        return reply.json
    }
}
