import Foundation
import HummingbirdWSClient
import Logging
import Transport

/// A WebSocket client of a gateway's event stream that reconnects with its last event
/// ID when the connection drops, so it misses nothing the cluster still retains.
struct EventStream: Sendable {
    let gateway: NodeAddress
    let path: String
    let key: String

    /// Calls `handle` with each event, as JSON text, until cancelled.
    func run(_ handle: @escaping @Sendable (String) async -> Void) async {
        var logger = Logger(label: "switchboard.demo.stream")
        logger.logLevel = .critical
        let lastEventID = LastEventID()
        while !Task.isCancelled {
            var url = "ws://\(gateway.host):\(gateway.port)\(path)?key=\(key)"
            if let last = await lastEventID.value { url += "&lastEventId=\(last)" }
            _ = try? await WebSocketClient.connect(url: url, logger: logger) { inbound, _, _ in
                for try await message in inbound.messages(maxSize: 1 << 22) {
                    guard case .text(let text) = message else { continue }
                    if let id = Self.eventID(in: text) { await lastEventID.set(id) }
                    await handle(text)
                }
            }
            try? await Task.sleep(for: .milliseconds(500))
        }
    }

    private static func eventID(in text: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
        return object["eventId"] as? String
    }

    private actor LastEventID {
        var value: String?
        func set(_ id: String) { value = id }
    }
}
