import Foundation
import HummingbirdWSClient
import Logging
import Transport

/// A WebSocket client of a gateway's event stream that reconnects with its last event
/// ID when the connection drops, so it misses nothing the cluster still retains. With
/// several gateways it moves on to the next one after each drop.
public struct EventStream: Sendable {
    public let gateways: [NodeAddress]
    public let path: String
    public let key: String

    public init(gateways: [NodeAddress], path: String, key: String) {
        precondition(!gateways.isEmpty, "an event stream needs a gateway")
        self.gateways = gateways
        self.path = path
        self.key = key
    }

    public init(gateway: NodeAddress, path: String, key: String) {
        self.init(gateways: [gateway], path: path, key: key)
    }

    /// How often the client pings. The WebSocket client (swift-websocket 1.6) can miss a
    /// close frame that comes in the same read as the 101 (a stream closed at once): the
    /// stream then stays open on this side for good, in 7 of 40 refusals on a loaded
    /// machine. An unanswered ping ends it after two periods, and the loop reconnects.
    static let pingPeriod = Duration.seconds(5)

    /// Calls `handle` with each event, as JSON text, until cancelled.
    public func run(_ handle: @escaping @Sendable (String) async -> Void) async {
        var logger = Logger(label: "switchboard.stream")
        logger.logLevel = .critical
        var configuration = WebSocketClientConfiguration()
        configuration.autoPing = .enabled(timePeriod: Self.pingPeriod)
        let lastEventID = LastEventID()
        var attempt = 0
        while !Task.isCancelled {
            let gateway = gateways[attempt % gateways.count]
            attempt += 1
            var url = "ws://\(gateway.host):\(gateway.port)\(path)?key=\(key)"
            if let last = await lastEventID.value { url += "&lastEventId=\(last)" }
            _ = try? await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) { inbound, _, _ in
                for try await message in inbound.messages(maxSize: 1 << 22) {
                    guard case .text(let text) = message else { continue }
                    if let id = Self.eventID(in: text) { await lastEventID.set(id) }
                    await handle(text)
                }
            }
            try? await Task.sleep(for: .milliseconds(gateways.count > 1 ? 200 : 500))
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
