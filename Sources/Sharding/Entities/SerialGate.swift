/// Lets an entity's commands through one at a time, in arrival order, across their
/// suspension points: each records its event in the log and then applies it, so the
/// order of application is the order of the log, which is what replay reproduces.
public actor SerialGate {
    public init() {}

    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }

    /// Runs `body` inside the gate.
    public func run<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        await enter()
        defer { leave() }
        return try await body()
    }
}
