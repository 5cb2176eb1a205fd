import Foundation
import NIOCore
import Synchronization
import Testing
import Transport

/// Two transports in this process on their own loopback addresses.
@Suite(.timeLimit(.minutes(1)))
struct NodeTransportTests {
    final class Inbox: TransportReceiver {
        let messages = Mutex([String]())
        let losses = Mutex([PeerLoss]())

        func transport(received payload: ByteBuffer, from peer: NodeIdentity) {
            messages.withLock { $0.append(String(buffer: payload)) }
        }

        func transport(lost peer: PeerLoss) {
            losses.withLock { $0.append(peer) }
        }
    }

    static let nextHost = Atomic<Int>(100)

    func makeTransport(configure: (inout TransportSettings) -> Void = { _ in }) async throws -> (NodeTransport, Inbox) {
        let n = Self.nextHost.add(1, ordering: .relaxed).newValue
        let port = 21_000 + Int(getpid() % 20_000)
        var settings = try TransportSettings(
            clusterName: "t", identity: NodeIdentity(address: NodeAddress(host: "127.0.1.\(n)", port: port), generation: 1))
        configure(&settings)
        let transport = NodeTransport(settings: settings)
        let inbox = Inbox()
        transport.setReceiver(inbox)
        try await transport.start()
        return (transport, inbox)
    }

    func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while !condition() {
            guard ContinuousClock.now < deadline else { return }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    @Test func messagesArriveInOrderOverOneConnection() async throws {
        let (a, _) = try await makeTransport()
        let (b, inbox) = try await makeTransport()
        defer { Task { await a.shutdown(); await b.shutdown() } }

        for index in 0..<500 {
            try a.send(ByteBuffer(string: "m\(index)"), to: b.identity.address)
        }
        try await waitUntil { inbox.messages.withLock { $0.count } == 500 }
        #expect(inbox.messages.withLock { $0 } == (0..<500).map { "m\($0)" })
        #expect(a.connectedIdentity(of: b.identity.address) == b.identity)
        // b answers over the connection a opened: no second connection.
        try b.send(ByteBuffer(string: "reply"), to: a.identity.address)
        #expect(b.connectedIdentity(of: a.identity.address) == a.identity)
    }

    @Test func outboundPartitionDropsAndHeals() async throws {
        let (a, _) = try await makeTransport()
        let (b, inbox) = try await makeTransport()
        defer { Task { await a.shutdown(); await b.shutdown() } }
        try a.send(ByteBuffer(string: "before"), to: b.identity.address)
        try await waitUntil { inbox.messages.withLock { $0.count } == 1 }

        a.faults.partition(from: b.identity.address, direction: .outbound)
        try a.send(ByteBuffer(string: "lost"), to: b.identity.address)
        a.faults.heal(b.identity.address)
        try a.send(ByteBuffer(string: "after"), to: b.identity.address)
        try await waitUntil { inbox.messages.withLock { $0.count } == 2 }
        #expect(inbox.messages.withLock { $0 } == ["before", "after"])
    }

    @Test func silentPeerIsDeclaredDeadAfterTheIdleTimeout() async throws {
        let (a, aInbox) = try await makeTransport { settings in
            settings.heartbeatInterval = .milliseconds(50)
            settings.idleTimeout = .milliseconds(300)
        }
        let (b, _) = try await makeTransport()
        defer { Task { await a.shutdown(); await b.shutdown() } }
        try a.send(ByteBuffer(string: "hello"), to: b.identity.address)
        try await waitUntil { a.connectedIdentity(of: b.identity.address) != nil }

        a.faults.partition(from: b.identity.address, direction: .inbound)
        try await waitUntil { !aInbox.losses.withLock { $0.isEmpty } }
        let loss = try #require(aInbox.losses.withLock { $0.first })
        #expect(loss.identity == b.identity)
        #expect(loss.reason == .heartbeatTimeout)
    }

    @Test func delayedMessagesArriveLater() async throws {
        let (a, _) = try await makeTransport()
        let (b, inbox) = try await makeTransport()
        defer { Task { await a.shutdown(); await b.shutdown() } }
        try a.send(ByteBuffer(string: "warm"), to: b.identity.address)
        try await waitUntil { inbox.messages.withLock { $0.count } == 1 }

        a.faults.setDelay(to: b.identity.address, .milliseconds(300))
        let clock = ContinuousClock()
        let start = clock.now
        try a.send(ByteBuffer(string: "slow"), to: b.identity.address)
        try await waitUntil { inbox.messages.withLock { $0.count } == 2 }
        #expect(clock.now - start >= .milliseconds(300))
    }

    @Test func sendsToAClosedPortFailFastDuringBackoff() async throws {
        let (a, inbox) = try await makeTransport { settings in
            settings.reconnectBackoff = Backoff(initial: .seconds(30), maximum: .seconds(30))
        }
        defer { Task { await a.shutdown() } }
        let nowhere = NodeAddress(host: "127.0.1.250", port: 9)
        try a.send(ByteBuffer(string: "x"), to: nowhere)
        try await waitUntil { !inbox.losses.withLock { $0.isEmpty } }
        #expect { try a.send(ByteBuffer(string: "y"), to: nowhere) } throws: { error in
            if case TransportError.peerUnreachable(nowhere, _) = error { true } else { false }
        }
    }
}
