import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Transport

/// One WebSocket upgrade over a plain socket, read until the server's first message or its
/// close frame: what a refused stream gets, byte for byte. The WebSocket client
/// (swift-websocket 1.6) now and then misses a close frame that comes in the same read as
/// the 101 (2 of 30 refusals on a loaded machine), and its stream then never ends, though
/// the server sent the close within 20 ms every time.
struct RawStreamUpgrade: Sendable {
    var status: Int
    var closeCode: UInt16?
    var closeReason: String?
    /// Text frames that came before the close frame.
    var messages: [String] = []

    enum Failure: Error, CustomStringConvertible {
        case socket(String)
        case malformed(String)

        var description: String {
            switch self {
            case .socket(let what): "socket: \(what)"
            case .malformed(let what): "unexpected answer: \(what)"
            }
        }
    }

    /// Sends the upgrade of `path` with `key` in the query, and reads until the first
    /// message, the close frame, or `timeout`. Blocking, so it runs off the cooperative pool.
    static func open(_ address: NodeAddress, path: String, key: String, timeout: Duration) async throws -> RawStreamUpgrade {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try exchange(address, path: path, key: key, timeout: timeout) })
            }
        }
    }

    private static func exchange(_ address: NodeAddress, path: String, key: String, timeout: Duration) throws -> RawStreamUpgrade {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure.socket("socket() errno \(errno)") }
        defer { close(fd) }
        var wait = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var peer = sockaddr_in()
        peer.sin_family = sa_family_t(AF_INET)
        peer.sin_port = in_port_t(UInt16(address.port).bigEndian)
        guard inet_pton(AF_INET, address.host, &peer.sin_addr) == 1 else { throw Failure.socket("bad host \(address.host)") }
        let connected = withUnsafePointer(to: &peer) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure.socket("connect errno \(errno)") }

        let request = "GET \(path)?key=\(key) HTTP/1.1\r\nHost: \(address.host):\(address.port)\r\n"
            + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
        let bytes = Array(request.utf8)
        guard send(fd, bytes, bytes.count, 0) == bytes.count else { throw Failure.socket("send errno \(errno)") }

        let deadline = ContinuousClock.now + timeout
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while ContinuousClock.now < deadline {
            if let answer = try parse(received), answer.status != 101 || answer.closeCode != nil || !answer.messages.isEmpty {
                return answer
            }
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        guard let answer = try parse(received) else { throw Failure.malformed("no HTTP answer within \(timeout)") }
        return answer
    }

    /// The answer so far: nil until the status line and headers are complete.
    private static func parse(_ bytes: [UInt8]) throws -> RawStreamUpgrade? {
        guard bytes.count >= 4, let end = (0...(bytes.count - 4)).first(where: {
            bytes[$0] == 13 && bytes[$0 + 1] == 10 && bytes[$0 + 2] == 13 && bytes[$0 + 3] == 10
        }) else { return nil }
        let head = String(decoding: bytes[..<end], as: UTF8.self)
        let statusLine = head.prefix { $0 != "\r" }.split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw Failure.malformed(head) }
        var answer = RawStreamUpgrade(status: status)
        guard status == 101 else { return answer }

        // Server frames are unmasked: a header of 2, 4 or 10 bytes, then the payload.
        var index = end + 4
        while index + 2 <= bytes.count {
            let opcode = bytes[index] & 0x0F
            var length = Int(bytes[index + 1] & 0x7F)
            var payloadStart = index + 2
            if length == 126 {
                guard payloadStart + 2 <= bytes.count else { break }
                length = Int(bytes[payloadStart]) << 8 | Int(bytes[payloadStart + 1])
                payloadStart += 2
            } else if length == 127 {
                guard payloadStart + 8 <= bytes.count else { break }
                length = bytes[payloadStart..<payloadStart + 8].reduce(0) { $0 << 8 | Int($1) }
                payloadStart += 8
            }
            guard payloadStart + length <= bytes.count else { break }
            let payload = bytes[payloadStart..<payloadStart + length]
            switch opcode {
            case 0x1:
                answer.messages.append(String(decoding: payload, as: UTF8.self))
            case 0x8 where payload.count >= 2:
                answer.closeCode = UInt16(payload[payloadStart]) << 8 | UInt16(payload[payloadStart + 1])
                answer.closeReason = String(decoding: payload.dropFirst(2), as: UTF8.self)
                return answer
            default:
                break
            }
            index = payloadStart + length
        }
        return answer
    }
}
