import ClusterSystem
import ClusterTestKit
import Foundation
import NIOCore
import Testing
import Transport

/// Bytes no Switchboard node would send: the node closes that connection with a log
/// line saying why, and keeps serving everyone else.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct BadInputTests {
    static func frame(_ kind: Frame.Kind, _ payload: ByteBuffer) throws -> [UInt8] {
        let codec = FrameCodec(maximumFrameBytes: 1 << 20, compressionThresholdBytes: 1 << 20)
        return Array(try codec.encode(Frame(kind: kind, payload: payload)).readableBytesView)
    }

    static func hello(version: UInt16 = Handshake.protocolVersion, cluster: String = "test") -> ByteBuffer {
        Handshake.encode(Handshake.Greeting(
            version: version, clusterName: cluster,
            identity: NodeIdentity(address: NodeAddress(host: "127.0.0.250", port: 9), generation: 1)))
    }

    struct BadInput: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: @Sendable () throws -> [UInt8]
        /// What the node's log line must say about it.
        var logged: String
        var testDescription: String { name }
    }

    static let inputs: [BadInput] = [
        BadInput(name: "an HTTP request", bytes: { Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8) },
                 logged: "exceeds the limit"),
        BadInput(name: "an oversized frame", bytes: { [0x10, 0, 0, 0, Frame.Kind.message.rawValue, 0] },
                 logged: "exceeds the limit"),
        // Under the 8 MiB frame limit, but no greeting is that big: refused before it is buffered.
        BadInput(name: "a large first frame", bytes: { [0, 0x10, 0, 0, Frame.Kind.hello.rawValue, 0] },
                 logged: "limit of 1024"),
        BadInput(name: "a compressed greeting", bytes: { [0, 0, 0, 10, Frame.Kind.hello.rawValue, 1] },
                 logged: "unknown frame flags"),
        BadInput(name: "an unknown frame type", bytes: { [0, 0, 0, 2, 0xEE, 0] }, logged: "unknown frame type"),
        BadInput(name: "a wrong protocol version", bytes: { try frame(.hello, hello(version: 99)) },
                 logged: "protocol version 99"),
        BadInput(name: "a wrong cluster name", bytes: { try frame(.hello, hello(cluster: "other")) },
                 logged: "cluster name 'other'"),
        BadInput(name: "a message before the handshake", bytes: { try frame(.message, ByteBuffer(bytes: [1, 2, 3])) },
                 logged: "unexpected message frame"),
        BadInput(name: "a truncated greeting", bytes: { try frame(.hello, ByteBuffer(bytes: [0x53, 0x57])) },
                 logged: "malformed handshake"),
    ]

    @Test(arguments: inputs)
    func connectionIsClosedAndNodeKeepsServing(_ input: BadInput) async throws {
        let peer = try PeerProcess(address: Loopback.address())
        let system = try await makeLocalSystem()
        defer { Task { await system.shutdown() } }
        let remote = try TestPeer.on(peer.address, using: system)
        #expect(try await remote.echo("before") == "before")

        let raw = try RawConnection(to: peer.address)
        raw.write(try input.bytes())
        #expect(raw.readUntilClosed() != nil, "the node should close the connection")

        #expect(try await remote.echo("after") == "after")
        let logged = try await eventually(timeout: .seconds(3)) {
            guard let line = peer.log.first(where: { $0.contains(input.logged) }) else {
                throw PeerProcessError.notReady(address: peer.address, log: "no log line yet")
            }
            return line
        }
        #expect(logged.contains("closing connection"))
    }

    @Test func wrongClusterIsToldWhy() async throws {
        let peer = try PeerProcess(address: Loopback.address())
        let raw = try RawConnection(to: peer.address)
        raw.write(try Self.frame(.hello, Self.hello(cluster: "other")))
        let answer = try #require(raw.readUntilClosed())
        var buffer = ByteBuffer(bytes: answer)
        let codec = FrameCodec(maximumFrameBytes: 1 << 20, compressionThresholdBytes: 1 << 20)
        let reply = try #require(try codec.decode(&buffer))
        #expect(reply.kind == .helloReject)
        #expect(String(buffer: reply.payload).contains("does not match"))
    }
}
