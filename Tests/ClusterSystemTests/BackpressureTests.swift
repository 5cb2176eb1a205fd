import ClusterSystem
import ClusterTestKit
import Foundation
import NIOCore
import Testing
import Transport

/// A peer that stops reading (SIGSTOP) cannot make this node's memory grow.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct BackpressureTests {
    @Test func stoppedPeerFillsItsBufferThenSendsFailFast() async throws {
        let peer = try PeerProcess(address: Loopback.address())
        let limit = 1 << 20
        let system = try await makeLocalSystem { settings in
            settings.maximumFrameBytes = 256 << 10
            settings.outboundBufferLimitBytes = limit
            // The stopped peer must not be declared dead while we fill its buffer.
            settings.idleTimeout = .seconds(120)
        }
        defer { Task { await system.shutdown() } }
        _ = try await TestPeer.on(peer.address, using: system).echo("connect")

        peer.signal(SIGSTOP)
        defer { peer.signal(SIGCONT) }

        var generator = SystemRandomNumberGenerator()
        let payload = ByteBuffer(bytes: (0..<(64 << 10)).map { _ in UInt8.random(in: 0...255, using: &generator) })
        var accepted = 0
        var firstRefusal: TransportError?
        // The kernel's socket buffers take some megabytes first; 4,000 × 64 KiB is far beyond them.
        for _ in 0..<4_000 {
            if let refusal = attempt(payload, on: system, to: peer.address) {
                firstRefusal = refusal
                break
            }
            accepted += 1
            if accepted % 64 == 0 { try await Task.sleep(for: .milliseconds(1)) }
        }
        #expect(firstRefusal == .outboundBufferFull(peer: peer.address, limitBytes: limit))
        #expect(system.transport.bufferedBytes(to: peer.address) <= limit)

        let before = try residentBytes()
        var refused = 0
        for _ in 0..<20_000 where attempt(payload, on: system, to: peer.address) == firstRefusal {
            refused += 1
        }
        let growth = try residentBytes() - before
        // A stopped process's kernel buffers still grow a little (receive-buffer
        // autotuning); everything beyond that must be refused at once.
        #expect(refused >= 20_000 - 256, "only \(refused) of 20,000 sends were refused")
        #expect(system.transport.bufferedBytes(to: peer.address) <= limit)
        // 20,000 sends carried 1.25 GiB; the resident set must not have noticed.
        #expect(growth < 16 << 20, "RSS grew by \(growth) bytes")
    }

    /// Sends once; the refusal, or nil if the message was queued.
    func attempt(_ payload: ByteBuffer, on system: ClusterSystem, to peer: NodeAddress) -> TransportError? {
        do {
            try system.transport.send(payload, to: peer)
            return nil
        } catch {
            return error
        }
    }

    /// The resident set size of this process, from /proc/self/status.
    func residentBytes() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return kilobytes * 1024
    }
}
