/// Runs `body`, cancelling it if it takes longer than `limit`.
///
/// Calls carry no gRPC deadline (see `EchoBenchmark.call`), so this is what
/// guarantees a hung server or connection can't stall the benchmark forever.
func withDeadline<Result: Sendable>(
    _ limit: Duration,
    phase: String,
    _ body: @Sendable @escaping () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw BenchError.phaseHung(phase, after: limit)
        }
        defer { group.cancelAll() }
        // Whichever finishes first decides; the other is cancelled.
        guard let first = try await group.next() else {
            preconditionFailure("group has two tasks")
        }
        return first
    }
}
