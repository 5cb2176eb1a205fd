import NIOCore
import NIOEmbedded
import Testing
@testable import Transport

struct AssociationStateTests {
    static let low = NodeAddress(host: "127.0.0.2", port: 7001)
    static let high = NodeAddress(host: "127.0.0.3", port: 7001)

    func makeState(local: NodeAddress = low, peer: NodeAddress = high, limit: Int = 100) -> AssociationState {
        AssociationState(localAddress: local, peerAddress: peer, bufferLimitBytes: limit,
                         backoff: Backoff(initial: .milliseconds(100), maximum: .seconds(5)))
    }

    func identity(_ address: NodeAddress, _ generation: UInt64) -> NodeIdentity {
        NodeIdentity(address: address, generation: generation)
    }

    @Test func firstSendConnectsAndLaterSendsQueue() throws {
        var state = makeState()
        let now = NIODeadline.now()
        guard case .connect = try state.enqueue(ByteBuffer(repeating: 0, count: 10), now: now) else {
            Issue.record("first send should connect"); return
        }
        guard case .none = try state.enqueue(ByteBuffer(repeating: 0, count: 10), now: now) else {
            Issue.record("second send should wait for the connection"); return
        }
        #expect(state.bufferedBytes == 20)

        let channel = EmbeddedChannel()
        let result = state.established(channel, peer: identity(Self.high, 1), initiatedHere: true)
        #expect(result.drain === channel)
        #expect(state.takePending(for: channel)?.readableBytes == 20)
        state.written(bytes: 20)
        #expect(state.bufferedBytes == 0)
    }

    @Test func bufferLimitFailsFastAndFreesAsWritesComplete() throws {
        var state = makeState(limit: 100)
        let now = NIODeadline.now()
        _ = try state.enqueue(ByteBuffer(repeating: 0, count: 60), now: now)
        #expect(throws: TransportError.outboundBufferFull(peer: Self.high, limitBytes: 100)) {
            _ = try state.enqueue(ByteBuffer(repeating: 0, count: 41), now: now)
        }
        _ = try state.enqueue(ByteBuffer(repeating: 0, count: 40), now: now)
        let channel = EmbeddedChannel()
        _ = state.established(channel, peer: identity(Self.high, 1), initiatedHere: true)
        let taken = try #require(state.takePending(for: channel) as ByteBuffer?)
        // Handed to the channel but not yet written: still counted.
        #expect(throws: TransportError.self) { _ = try state.enqueue(ByteBuffer(repeating: 0, count: 1), now: now) }
        state.written(bytes: taken.readableBytes)
        _ = try state.enqueue(ByteBuffer(repeating: 0, count: 100), now: now)
    }

    /// A refused send must not leave a drain promised: once the buffer empties, the
    /// next send schedules one, or the link would stall for good.
    @Test func refusedSendLeavesNoDrainPromised() throws {
        var state = makeState(limit: 100)
        let now = NIODeadline.now()
        let channel = EmbeddedChannel()
        _ = state.established(channel, peer: identity(Self.high, 1), initiatedHere: true)
        guard case .scheduleDrain = try state.enqueue(ByteBuffer(repeating: 0, count: 100), now: now) else {
            Issue.record("the first send on a live connection schedules a drain"); return
        }
        let taken = try #require(state.takePending(for: channel) as ByteBuffer?)
        #expect(throws: TransportError.outboundBufferFull(peer: Self.high, limitBytes: 100)) {
            _ = try state.enqueue(ByteBuffer(repeating: 0, count: 1), now: now)
        }
        state.written(bytes: taken.readableBytes)
        guard case .scheduleDrain = try state.enqueue(ByteBuffer(repeating: 0, count: 10), now: now) else {
            Issue.record("after the refusal and the write, a send must schedule a drain again"); return
        }
    }

    @Test func refusedSendWhileIdleDoesNotStartAConnect() throws {
        var state = makeState(limit: 10)
        #expect(throws: TransportError.self) { _ = try state.enqueue(ByteBuffer(repeating: 0, count: 11), now: .now()) }
        guard case .connect = try state.enqueue(ByteBuffer(repeating: 0, count: 5), now: .now()) else {
            Issue.record("a refused send must leave the association idle, so the next one connects"); return
        }
    }

    @Test func lostConnectionBacksOffThenRetries() throws {
        var state = makeState()
        let start = NIODeadline.now()
        _ = try state.enqueue(ByteBuffer(repeating: 0, count: 5), now: start)
        let loss = state.attemptFailed(reason: .connectFailed("refused"), now: start)
        #expect(loss?.reason == .connectFailed("refused"))
        #expect(state.bufferedBytes == 0, "queued frames are dropped with the attempt")

        #expect(throws: TransportError.peerUnreachable(peer: Self.high, reason: "connect failed: refused")) {
            _ = try state.enqueue(ByteBuffer(repeating: 0, count: 5), now: start + .milliseconds(50))
        }
        guard case .connect = try state.enqueue(ByteBuffer(repeating: 0, count: 5), now: start + .milliseconds(101)) else {
            Issue.record("after the backoff a send should reconnect"); return
        }
        // A second failure doubles the wait.
        _ = state.attemptFailed(reason: .connectFailed("refused"), now: start + .milliseconds(101))
        #expect(throws: TransportError.self) {
            _ = try state.enqueue(ByteBuffer(), now: start + .milliseconds(101 + 150))
        }
    }

    @Test func closingTheLiveChannelReportsTheIncarnation() throws {
        var state = makeState()
        let channel = EmbeddedChannel()
        _ = state.established(channel, peer: identity(Self.high, 3), initiatedHere: false)
        let loss = state.closed(channel, reason: .heartbeatTimeout, now: .now())
        #expect(loss == PeerLoss(address: Self.high, identity: identity(Self.high, 3), reason: .heartbeatTimeout))
        #expect(state.closed(channel, reason: .closedByPeer, now: .now()) == nil, "reported once")
    }

    /// When both sides dial at once, both keep the connection dialled by the lower address.
    @Test func simultaneousDialsKeepTheLowerAddresssConnection() throws {
        let fromLow = EmbeddedChannel()
        let fromHigh = EmbeddedChannel()

        var atLow = makeState(local: Self.low, peer: Self.high)
        _ = atLow.established(fromHigh, peer: identity(Self.high, 1), initiatedHere: false)
        let lowResult = atLow.established(fromLow, peer: identity(Self.high, 1), initiatedHere: true)
        #expect(lowResult.close.count == 1 && lowResult.close[0] === fromHigh)
        #expect(atLow.liveChannel === fromLow)

        var atHigh = makeState(local: Self.high, peer: Self.low)
        _ = atHigh.established(fromLow, peer: identity(Self.low, 1), initiatedHere: false)
        let highResult = atHigh.established(fromHigh, peer: identity(Self.low, 1), initiatedHere: true)
        #expect(highResult.close.count == 1 && highResult.close[0] === fromHigh)
        #expect(atHigh.liveChannel === fromLow)
    }

    @Test func restartedPeerReplacesTheOldIncarnation() throws {
        var state = makeState()
        let old = EmbeddedChannel()
        let new = EmbeddedChannel()
        _ = state.established(old, peer: identity(Self.high, 1), initiatedHere: true)
        let result = state.established(new, peer: identity(Self.high, 2), initiatedHere: false)
        #expect(result.lost == PeerLoss(address: Self.high, identity: identity(Self.high, 1), reason: .restarted(newGeneration: 2)))
        #expect(result.close.count == 1 && result.close[0] === old)
        #expect(state.liveChannel === new)

        let stale = EmbeddedChannel()
        let refused = state.established(stale, peer: identity(Self.high, 1), initiatedHere: false)
        #expect(refused.refused)
        #expect(state.liveChannel === new)
    }

    @Test func backoffDoublesUpToItsMaximum() {
        let backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(1))
        #expect(backoff.delay(afterFailures: 1) == .milliseconds(100))
        #expect(backoff.delay(afterFailures: 2) == .milliseconds(200))
        #expect(backoff.delay(afterFailures: 4) == .milliseconds(800))
        #expect(backoff.delay(afterFailures: 5) == .seconds(1))
        #expect(backoff.delay(afterFailures: 1_000) == .seconds(1))
    }
}
