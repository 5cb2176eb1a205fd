import SeededRandom
import Synchronization

/// Concurrent writers that each issue acknowledged writes one after another to
/// random shards, and keep their own record of every acknowledgement.
public final class WriteLoad: Sendable {
    private let client: ShardClient
    private let shardCount: ShardCount
    private let state = Mutex(State())

    private struct State {
        var records: [[WriteRecord]] = []
        var failures = 0
        var stopped = false
    }

    public init(client: ShardClient, shardCount: ShardCount) {
        self.client = client
        self.shardCount = shardCount
    }

    /// Runs `writers` writers until `stop()` (or `limit` writes each), with a seed per run.
    public func run(writers: Int, seed: UInt64, payloadBytes: Int = 64, limit: Int = .max,
                    writeDeadline: Duration = .seconds(10)) async {
        state.withLock { $0.records = Array(repeating: [], count: writers) }
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask { [self] in
                    var random = SplitMix64(seed: seed &+ UInt64(writer) &* 0x9E37_79B9_7F4A_7C15)
                    let clientID = random.next()
                    var number: UInt64 = 0
                    while number < UInt64(limit), !state.withLock({ $0.stopped }) {
                        number += 1
                        let shard = ShardID(UInt32(random.next() % UInt64(shardCount.value)))
                        let request = RequestID(client: clientID, number: number)
                        let payload = (0..<payloadBytes).map { UInt8(truncatingIfNeeded: Int(number) &+ $0 &+ writer) }
                        do {
                            let ack = try await client.write(payload, to: shard, as: request, deadline: writeDeadline)
                            state.withLock {
                                $0.records[writer].append(WriteRecord(writer: writer, request: request, payload: payload,
                                                                      acknowledgement: ack))
                            }
                        } catch {
                            state.withLock { $0.failures += 1 }
                        }
                    }
                }
            }
        }
    }

    public func stop() {
        state.withLock { $0.stopped = true }
    }

    /// Every acknowledged write, each writer's in issue order.
    public var records: [WriteRecord] { state.withLock { $0.records.flatMap { $0 } } }

    /// Writes that were not acknowledged within their deadline (they may be in a log).
    public var failures: Int { state.withLock { $0.failures } }
}
