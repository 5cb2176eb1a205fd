import NIOCore

/// One unit on the wire: `[length: u32][type: u8][flags: u8][payload]`, where
/// `length` counts the type, flags and payload bytes.
public struct Frame: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        case hello = 1
        case helloAccept = 2
        case helloReject = 3
        case heartbeat = 4
        /// An opaque message for the layer above (ClusterSystem envelopes).
        case message = 16
    }

    public var kind: Kind
    public var payload: ByteBuffer

    public init(kind: Kind, payload: ByteBuffer) {
        self.kind = kind
        self.payload = payload
    }

    /// Bytes before the payload: length, type, flags.
    static let headerBytes = 6
    /// Bytes counted by `length` besides the payload: type and flags.
    static let lengthOverhead = 2

    struct Flags: OptionSet {
        let rawValue: UInt8
        /// The payload is one zstd frame with its content size recorded.
        static let zstd = Flags(rawValue: 1 << 0)
        static let known: Flags = [.zstd]
    }
}
