import Foundation
import HummingbirdWSClient
import Logging
import Synchronization
import Transport

/// An agent desktop or wallboard: a WebSocket client that keeps every event it got.
final class EventStreamClient: Sendable {
    /// Raw JSON texts: Sendable, and decoded only when a test reads them.
    private final class Inbox: Sendable {
        let events = Mutex<[String]>([])
        let closeReason = Mutex<String?>(nil)
    }

    private let inbox = Inbox()
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(_ address: NodeAddress, path: String, key: String) {
        let url = "ws://\(address.host):\(address.port)\(path)\(path.contains("?") ? "&" : "?")key=\(key)"
        var logger = Logger(label: "test-ws")
        logger.logLevel = .critical
        // Pings end a stream whose close this client missed (see `EventStream.pingPeriod`).
        var configuration = WebSocketClientConfiguration()
        configuration.autoPing = .enabled(timePeriod: .seconds(3))
        let started = Task { [inbox] in
            do {
                try await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) { inbound, _, _ in
                    for try await message in inbound.messages(maxSize: 1 << 22) {
                        guard case .text(let text) = message else { continue }
                        inbox.events.withLock { $0.append(text) }
                    }
                    // The server's close frame ends the messages; the closing handshake
                    // after it can take many seconds on a loaded machine, and the stream
                    // is over already.
                    inbox.closeReason.withLock { $0 = $0 ?? "closed by the server" }
                }
                inbox.closeReason.withLock { $0 = $0 ?? "closed" }
            } catch {
                inbox.closeReason.withLock { $0 = "\(error)" }
            }
        }
        task.withLock { $0 = started }
    }

    var received: [[String: Any]] {
        inbox.events.withLock { $0 }.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }
    private var ended: String? { inbox.closeReason.withLock { $0 } }

    /// The first event matching `predicate`, waiting up to `timeout` for it.
    func first(within timeout: Duration = .seconds(15), where predicate: ([String: Any]) -> Bool) async -> [String: Any]? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let match = received.first(where: predicate) { return match }
            if ended != nil { return nil }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    func close() {
        task.withLock { $0?.cancel() }
    }
}
