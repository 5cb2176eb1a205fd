import ClusterSystem
import Transport

/// Gathers a client's concurrent writes to one node into one call: while a call is
/// in flight, new writes queue, and the next call carries all of them (up to the
/// node's per-call limit). Two calls may be in flight, so a slow round does not
/// stall the queue.
actor WriteBatcher {
    private let target: NodeAddress
    private let system: ClusterSystem
    private let timeout: Duration
    private var queue: [(write: ShardWrite, reply: CheckedContinuation<Result<WriteOutcome, any Error>, Never>)] = []
    private var callsInFlight = 0
    private static let maximumCallsInFlight = 2

    init(target: NodeAddress, system: ClusterSystem, timeout: Duration) {
        self.target = target
        self.system = system
        self.timeout = timeout
    }

    func submit(_ write: ShardWrite) async -> Result<WriteOutcome, any Error> {
        await withCheckedContinuation { reply in
            queue.append((write, reply))
            if callsInFlight < Self.maximumCallsInFlight {
                callsInFlight += 1
                // Detached: the call carries other callers' writes too, so it must not
                // inherit this caller's deadline (a caller may be handling a call itself).
                Task.detached { [self] in await self.drain() }
            }
        }
    }

    private func drain() async {
        while !queue.isEmpty {
            let batch = Array(ByteBudget.prefix(queue.prefix(ShardManager.maximumWritesPerCall)) { $0.write.estimatedBytes })
            queue.removeFirst(batch.count)
            let writes = batch.map(\.write)
            do {
                let remote = try ShardManager.resolve(id: .wellKnown(ShardManager.path, on: target), using: system)
                let outcomes = try await ClusterSystem.withCallTimeout(timeout) { try await remote.write(ShardWrites(writes)) }.outcomes
                guard outcomes.count == batch.count else {
                    throw RemoteCallError.badMessage("\(outcomes.count) outcomes for \(batch.count) writes")
                }
                for (entry, outcome) in zip(batch, outcomes) { entry.reply.resume(returning: .success(outcome)) }
            } catch {
                for entry in batch { entry.reply.resume(returning: .failure(error)) }
            }
        }
        callsInFlight -= 1
    }
}
