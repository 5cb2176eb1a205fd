import NIOCore

/// Everything we know about the link to one peer address, as a state machine whose
/// methods return the actions the transport must carry out.
///
/// Holds no locks and does no I/O; `Association` wraps it in a mutex. Time is passed in.
struct AssociationState {
    enum Phase {
        case idle
        case connecting
        case connected(Channel, peer: NodeIdentity, initiatedHere: Bool)
        case backingOff(until: NIODeadline, reason: String)
    }

    let localAddress: NodeAddress
    let peerAddress: NodeAddress
    let bufferLimitBytes: Int
    let backoff: Backoff

    private(set) var phase: Phase = .idle
    /// The newest incarnation a handshake has shown us; older ones are refused.
    private(set) var newestPeer: NodeIdentity?
    /// Framed messages waiting for the connection or for the next drain, back to back
    /// in one buffer: a drain is then one write through the pipeline, not one per message.
    private var pending = ByteBuffer()
    /// Bytes in `pending` plus bytes handed to the channel whose write has not completed.
    private(set) var bufferedBytes = 0
    private var drainScheduled = false
    private var consecutiveFailures = 0

    init(localAddress: NodeAddress, peerAddress: NodeAddress, bufferLimitBytes: Int, backoff: Backoff) {
        self.localAddress = localAddress
        self.peerAddress = peerAddress
        self.bufferLimitBytes = bufferLimitBytes
        self.backoff = backoff
    }

    enum EnqueueAction {
        case none
        case connect
        case scheduleDrain(Channel)
    }

    mutating func enqueue(_ frame: ByteBuffer, now: NIODeadline) throws(TransportError) -> EnqueueAction {
        // Refusals come first and change nothing: a refused frame must not leave a
        // drain or a connect promised that no one will carry out.
        if case .backingOff(let until, let reason) = phase, now < until {
            throw .peerUnreachable(peer: peerAddress, reason: reason)
        }
        guard bufferedBytes + frame.readableBytes <= bufferLimitBytes else {
            throw .outboundBufferFull(peer: peerAddress, limitBytes: bufferLimitBytes)
        }
        var action = EnqueueAction.none
        switch phase {
        case .backingOff, .idle:
            phase = .connecting
            action = .connect
        case .connecting:
            break
        case .connected(let channel, _, _):
            if !drainScheduled {
                drainScheduled = true
                action = .scheduleDrain(channel)
            }
        }
        pending.writeImmutableBuffer(frame)
        bufferedBytes += frame.readableBytes
        return action
    }

    /// Hands the pending frames to `channel` if it is still the live connection.
    mutating func takePending(for channel: Channel) -> ByteBuffer? {
        guard case .connected(let current, _, _) = phase, current === channel else { return nil }
        drainScheduled = false
        guard pending.readableBytes > 0 else { return nil }
        defer { pending = ByteBuffer() }
        return pending
    }

    mutating func written(bytes: Int) {
        bufferedBytes -= bytes
    }

    struct Established {
        /// Channels to close: a losing duplicate or the connection to an older incarnation.
        var close: [Channel] = []
        /// Set when the handshake showed a restart: the old incarnation's calls must fail.
        var lost: PeerLoss?
        var drain: Channel?
        /// The new channel was refused (stale incarnation); it is in `close`.
        var refused = false
    }

    mutating func established(_ channel: Channel, peer: NodeIdentity, initiatedHere: Bool) -> Established {
        var result = Established()
        if let newest = newestPeer, peer.generation < newest.generation {
            result.close.append(channel)
            result.refused = true
            return result
        }
        if let newest = newestPeer, peer.generation > newest.generation {
            // Pending frames stay: requests carry their target's generation, and the
            // new incarnation answers those meant for the old one with "not found".
            if case .connected(let old, _, _) = phase {
                result.close.append(old)
                result.lost = PeerLoss(address: peerAddress, identity: newest,
                                       reason: .restarted(newGeneration: peer.generation))
            }
        } else if case .connected(let existing, _, let existingHere) = phase {
            // Both sides dialled at once. Each side keeps the connection dialled by
            // the lower address, so both keep the same one.
            let lowerDialsHere = localAddress < peerAddress
            if existingHere == lowerDialsHere {
                result.close.append(channel)
                return result
            }
            result.close.append(existing)
        }
        newestPeer = peer
        phase = .connected(channel, peer: peer, initiatedHere: initiatedHere)
        consecutiveFailures = 0
        drainScheduled = pending.readableBytes > 0
        result.drain = drainScheduled ? channel : nil
        return result
    }

    /// A connect or handshake attempt failed. Returns the loss to report, or nil if the
    /// association had meanwhile been established by the peer's own connection.
    mutating func attemptFailed(reason: PeerLoss.Reason, now: NIODeadline) -> PeerLoss? {
        guard case .connecting = phase else { return nil }
        consecutiveFailures += 1
        enterBackoff(reason: reason, now: now)
        return PeerLoss(address: peerAddress, identity: nil, reason: reason)
    }

    /// `channel` closed. Returns the loss to report if it was the live connection.
    mutating func closed(_ channel: Channel, reason: PeerLoss.Reason, now: NIODeadline) -> PeerLoss? {
        guard case .connected(let current, let peer, _) = phase, current === channel else { return nil }
        consecutiveFailures = 1
        enterBackoff(reason: reason, now: now)
        return PeerLoss(address: peerAddress, identity: peer, reason: reason)
    }

    /// The live channel, for closing it on purpose.
    var liveChannel: Channel? {
        if case .connected(let channel, _, _) = phase { channel } else { nil }
    }

    private mutating func enterBackoff(reason: PeerLoss.Reason, now: NIODeadline) {
        // Messages queued for a connection that is gone would arrive out of context
        // (after a restart) or never: drop them; their callers hear of the loss.
        bufferedBytes -= pending.readableBytes
        pending = ByteBuffer()
        drainScheduled = false
        let wait = backoff.delay(afterFailures: consecutiveFailures)
        phase = .backingOff(until: now + TimeAmount(wait), reason: reason.description)
    }
}

extension TimeAmount {
    /// Saturates instead of trapping: a huge duration (a fault set from outside) means "never".
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let (nanoseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else {
            self = .nanoseconds(seconds < 0 ? .min : .max)
            return
        }
        let (total, sumOverflow) = nanoseconds.addingReportingOverflow(attoseconds / 1_000_000_000)
        self = .nanoseconds(sumOverflow ? .max : total)
    }
}
