import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Transport

/// A tenant's developer's view of a gateway: JSON over HTTP with a bearer key.
struct APIClient: Sendable {
    let base: String
    let key: String?

    init(_ address: NodeAddress, key: String?) {
        base = "http://\(address.host):\(address.port)"
        self.key = key
    }

    func with(key: String?) -> APIClient {
        var copy = self
        copy = APIClient(base: base, key: key)
        return copy
    }

    private init(base: String, key: String?) {
        self.base = base
        self.key = key
    }

    struct Reply: Sendable {
        var status: Int
        var headers: [String: String]
        var body: Data

        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        }

        var text: String { String(decoding: body, as: UTF8.self) }

        func string(_ key: String) -> String? { json[key] as? String }
        func int(_ key: String) -> Int? { (json[key] as? NSNumber)?.intValue }
        var items: [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }
    }

    func get(_ path: String) async throws -> Reply { try await send("GET", path, body: nil) }

    /// The contact IDs in a customer's session once it holds `count` of them (or, after
    /// five seconds, what it holds): routing domains send contacts on to sessions just
    /// after they answer.
    func sessionContacts(of customer: Int, count: Int) async throws -> [String] {
        var contacts: [String] = []
        for _ in 0..<100 {
            let session = try await get("/v1/sessions/\(customer)")
            contacts = (session.json["entries"] as? [[String: Any]])?.compactMap { $0["contactId"] as? String } ?? []
            if contacts.count >= count { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        return contacts
    }
    func delete(_ path: String) async throws -> Reply { try await send("DELETE", path, body: nil) }
    func post(_ path: String, _ body: [String: Any] = [:], headers: [String: String] = [:]) async throws -> Reply {
        try await send("POST", path, body: try JSONSerialization.data(withJSONObject: body), headers: headers)
    }
    func put(_ path: String, _ body: [String: Any]) async throws -> Reply {
        try await send("PUT", path, body: try JSONSerialization.data(withJSONObject: body))
    }

    func send(_ method: String, _ path: String, body: Data?, contentType: String = "application/json",
              headers extra: [String: String] = [:]) async throws -> Reply {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.timeoutInterval = 15
        for (name, value) in extra { request.setValue(value, forHTTPHeaderField: name) }
        if let key { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            headers[String(describing: name).lowercased()] = String(describing: value)
        }
        return Reply(status: http.statusCode, headers: headers, body: data)
    }
}
