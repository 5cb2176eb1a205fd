import ClusterSystem
import Synchronization
import Transport

/// Writes to shards from anywhere in the cluster (or from a client system connected
/// to it): finds each shard's primary, follows redirects, and retries while the
/// shard moves, until the write is acknowledged or the deadline passes.
///
/// Concurrent writes to one node share a call (`WriteBatcher`), as they share a
/// group-commit round on the node. Retries carry the same `RequestID`, and the primary answers a write already in
/// its log with the original position, so a retried write is never applied twice.
public final class ShardClient: Sendable {
    private let system: ClusterSystem
    private let entryPoints: [NodeAddress]
    private let primaries = Mutex<[ShardID: NodeAddress]>([:])
    private let batchers = Mutex<[NodeAddress: WriteBatcher]>([:])
    /// How long one call to a primary may take.
    public let callTimeout: Duration

    /// - Parameter entryPoints: nodes to ask when a shard's primary is not known yet.
    public init(system: ClusterSystem, entryPoints: [NodeAddress], callTimeout: Duration = .seconds(2)) {
        precondition(!entryPoints.isEmpty, "a shard client needs at least one node to ask")
        self.system = system
        self.entryPoints = entryPoints
        self.callTimeout = callTimeout
    }

    /// Appends `payload` to `shard`'s log as `request`, retrying within `deadline`.
    public func write(_ payload: [UInt8], to shard: ShardID, as request: RequestID,
                      deadline: Duration = .seconds(10)) async throws(ShardWriteError) -> Acknowledgement {
        var retry = RetryPause(deadline: .now + deadline)
        var attempt = 0
        var lastProblem = "no attempt"
        while !retry.expired {
            attempt += 1
            let target = primaries.withLock { $0[shard] } ?? entryPoints[(attempt - 1) % entryPoints.count]
            let outcome: WriteOutcome
            do {
                outcome = try await batcher(for: target).submit(ShardWrite(shard: shard, request: request, payload: payload)).get()
            } catch {
                forget(shard, at: target)
                lastProblem = "\(target): \(error)"
                guard await retry.wait() else { throw .cancelled }
                continue
            }
            switch outcome {
            case .acknowledged(let position, let primary):
                return Acknowledgement(shard: shard, position: position, primary: primary, attempts: attempt)
            case .notPrimary(let hint):
                lastProblem = "\(target) is not the primary"
                if let hint, hint != target {
                    primaries.withLock { $0[shard] = hint }
                } else {
                    forget(shard, at: target)
                    guard await retry.wait() else { throw .cancelled }
                }
            case .unavailable(let reason):
                lastProblem = "\(target): \(reason)"
                guard await retry.wait() else { throw .cancelled }
            case .rejected(let reason):
                throw .rejected(shard: shard, reason: reason)
            }
        }
        throw .unavailable(shard: shard, attempts: attempt, lastProblem: lastProblem)
    }

    private func batcher(for target: NodeAddress) -> WriteBatcher {
        batchers.withLock { batchers in
            if let existing = batchers[target] { return existing }
            let made = WriteBatcher(target: target, system: system, timeout: callTimeout)
            batchers[target] = made
            return made
        }
    }

    private func forget(_ shard: ShardID, at address: NodeAddress) {
        primaries.withLock { if $0[shard] == address { $0[shard] = nil } }
    }
}

/// An acknowledged write: where it is in its shard's log and which primary took it.
public struct Acknowledgement: Hashable, Sendable, Codable {
    public var shard: ShardID
    public var position: LogPosition
    public var primary: NodeIdentity
    /// Calls it took, redirects and retries included.
    public var attempts: Int

    public init(shard: ShardID, position: LogPosition, primary: NodeIdentity, attempts: Int) {
        self.shard = shard
        self.position = position
        self.primary = primary
        self.attempts = attempts
    }
}

/// Why a write could not be acknowledged.
public enum ShardWriteError: Error, Equatable, CustomStringConvertible {
    /// No primary acknowledged it within the deadline; it may or may not be in the log.
    case unavailable(shard: ShardID, attempts: Int, lastProblem: String)
    /// The write is wrong in itself and was not attempted again.
    case rejected(shard: ShardID, reason: String)
    case cancelled

    public var description: String {
        switch self {
        case .unavailable(let shard, let attempts, let problem):
            "\(shard) did not acknowledge the write after \(attempts) attempts; last problem: \(problem)"
        case .rejected(let shard, let reason): "\(shard) rejected the write: \(reason)"
        case .cancelled: "the write was cancelled"
        }
    }
}
