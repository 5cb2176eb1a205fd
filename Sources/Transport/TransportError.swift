import NIOCore

/// Why a send failed at once. Sends that were accepted can still be lost with
/// their connection; the layer above learns of that through `PeerLoss`.
public enum TransportError: Error, Equatable, CustomStringConvertible {
    /// The peer's outbound buffer holds `limitBytes` already: it is not reading fast
    /// enough (or at all), and we refuse to grow memory for it.
    case outboundBufferFull(peer: NodeAddress, limitBytes: Int)
    /// The last connection attempt failed or the connection was lost; the next attempt
    /// is allowed after the backoff.
    case peerUnreachable(peer: NodeAddress, reason: String)
    case messageTooLarge(bytes: Int, limitBytes: Int)
    case shutDown

    public var description: String {
        switch self {
        case .outboundBufferFull(let peer, let limit):
            "outbound buffer to \(peer) is full (\(limit) bytes): the peer is not reading"
        case .peerUnreachable(let peer, let reason):
            "peer \(peer) is unreachable: \(reason)"
        case .messageTooLarge(let bytes, let limit):
            "message of \(bytes) bytes exceeds the frame limit of \(limit)"
        case .shutDown:
            "the transport is shut down"
        }
    }
}

/// A connection to a peer ended (or never came up); everything in flight to it is lost.
public struct PeerLoss: Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable, CustomStringConvertible {
        case connectFailed(String)
        case handshakeFailed(String)
        case closedByPeer
        case heartbeatTimeout
        case protocolError(String)
        /// The peer came back on the same address as a new generation.
        case restarted(newGeneration: UInt64)
        /// The layer above (membership) declared the peer dead.
        case declaredDead
        case shutdown

        public var description: String {
            switch self {
            case .connectFailed(let why): "connect failed: \(why)"
            case .handshakeFailed(let why): "handshake failed: \(why)"
            case .closedByPeer: "connection closed by peer"
            case .heartbeatTimeout: "no heartbeat within the idle timeout"
            case .protocolError(let why): "protocol error: \(why)"
            case .restarted(let generation): "peer restarted as generation \(generation)"
            case .declaredDead: "declared dead"
            case .shutdown: "transport shut down"
            }
        }
    }

    public var address: NodeAddress
    /// The incarnation that was lost, when a handshake had told us who it was.
    public var identity: NodeIdentity?
    public var reason: Reason

    public var description: String { "\(identity.map(String.init(describing:)) ?? address.description): \(reason)" }
}

/// The layer above the transport: receives messages and learns of lost peers.
/// Called on the connection's event loop: return quickly.
public protocol TransportReceiver: AnyObject, Sendable {
    func transport(received payload: ByteBuffer, from peer: NodeIdentity)
    func transport(lost peer: PeerLoss)
}
