import NIOCore

/// The first frames on every connection: the initiator sends `hello`, the acceptor
/// answers `helloAccept` with its own identity, or `helloReject` with a reason and closes.
///
/// Layout of hello and accept payloads:
/// `[magic: u32 "SWBD"][version: u16][cluster: u16 len + utf8][host: u16 len + utf8][port: u16][generation: u64]`.
public enum Handshake {
    public static let magic: UInt32 = 0x5357_4244  // "SWBD"
    public static let protocolVersion: UInt16 = 1
    public static let maximumNameBytes = 255

    /// What one side says about itself.
    public struct Greeting: Sendable, Equatable {
        public var version: UInt16
        public var clusterName: String
        public var identity: NodeIdentity

        public init(version: UInt16 = Handshake.protocolVersion, clusterName: String, identity: NodeIdentity) {
            self.version = version
            self.clusterName = clusterName
            self.identity = identity
        }
    }

    public enum Rejection: Error, Equatable, CustomStringConvertible {
        case badMagic(UInt32)
        case unsupportedVersion(UInt16)
        case wrongCluster(expected: String, got: String)
        case malformed(String)
        /// The greeting claims to be this very node.
        case selfConnection

        public var description: String {
            switch self {
            case .badMagic(let magic):
                "bad magic 0x\(String(magic, radix: 16)), not a Switchboard node"
            case .unsupportedVersion(let version):
                "protocol version \(version) is not supported (this node speaks \(Handshake.protocolVersion))"
            case .wrongCluster(let expected, let got):
                "cluster name '\(got)' does not match this node's '\(expected)'"
            case .malformed(let what):
                "malformed handshake: \(what)"
            case .selfConnection:
                "peer claims this node's own identity"
            }
        }
    }

    public static func encode(_ greeting: Greeting) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(magic)
        buffer.writeInteger(greeting.version)
        writeName(greeting.clusterName, into: &buffer)
        writeName(greeting.identity.address.host, into: &buffer)
        buffer.writeInteger(UInt16(truncatingIfNeeded: greeting.identity.address.port))
        buffer.writeInteger(greeting.identity.generation)
        return buffer
    }

    public static func decode(_ payload: ByteBuffer) throws(Rejection) -> Greeting {
        var buffer = payload
        guard let receivedMagic = buffer.readInteger(as: UInt32.self) else { throw .malformed("no magic") }
        guard receivedMagic == magic else { throw .badMagic(receivedMagic) }
        guard let version = buffer.readInteger(as: UInt16.self) else { throw .malformed("no version") }
        // Version first: a future version may lay out the rest differently.
        guard version == protocolVersion else { throw .unsupportedVersion(version) }
        let cluster = try readName(&buffer, field: "cluster name")
        let host = try readName(&buffer, field: "host")
        guard let port = buffer.readInteger(as: UInt16.self), port != 0 else { throw .malformed("no port") }
        guard let generation = buffer.readInteger(as: UInt64.self) else { throw .malformed("no generation") }
        guard buffer.readableBytes == 0 else { throw .malformed("\(buffer.readableBytes) trailing bytes") }
        return Greeting(version: version, clusterName: cluster,
                        identity: NodeIdentity(address: NodeAddress(host: host, port: Int(port)), generation: generation))
    }

    /// Checks a peer's greeting against ours.
    public static func validate(_ theirs: Greeting, against ours: Greeting) throws(Rejection) {
        guard theirs.clusterName == ours.clusterName else {
            throw .wrongCluster(expected: ours.clusterName, got: theirs.clusterName)
        }
        guard theirs.identity.address != ours.identity.address else { throw .selfConnection }
    }

    static func encodeRejection(_ rejection: Rejection) -> ByteBuffer {
        var buffer = ByteBuffer()
        let reason = String(rejection.description.utf8.prefix(1024)) ?? "rejected"
        buffer.writeString(reason)
        return buffer
    }

    private static func writeName(_ name: String, into buffer: inout ByteBuffer) {
        let bytes = Array(name.utf8.prefix(maximumNameBytes))
        buffer.writeInteger(UInt16(bytes.count))
        buffer.writeBytes(bytes)
    }

    private static func readName(_ buffer: inout ByteBuffer, field: String) throws(Rejection) -> String {
        guard let count = buffer.readInteger(as: UInt16.self) else { throw .malformed("no \(field)") }
        guard count > 0, count <= maximumNameBytes else { throw .malformed("\(field) of \(count) bytes") }
        guard let bytes = buffer.readBytes(length: Int(count)) else { throw .malformed("truncated \(field)") }
        guard let name = String(validating: bytes, as: UTF8.self) else { throw .malformed("\(field) is not UTF-8") }
        return name
    }
}
