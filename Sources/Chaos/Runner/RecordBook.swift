import Synchronization

/// The run's records as the customers and agents write them, on the runner's monotonic
/// clock. It also remembers which planned arrival each acknowledged contact is, so an
/// agent talks for that customer's time, and whether an agent answered it, so the
/// customer, who would hear the agent pick up, does not hang up after that.
final class RecordBook: Sendable {
    private struct State {
        var records = RunRecords()
        var arrivals: [String: PlannedArrival] = [:]
        var answered: Set<String> = []
    }

    private let started = Mutex(ContinuousClock.now)
    private let state = Mutex(State())

    /// Seconds since the load began.
    func now() -> Double { (ContinuousClock.now - started.withLock { $0 }) / .seconds(1) }

    /// The load begins now: every time recorded after this counts from here.
    func begin() {
        started.withLock { $0 = .now }
    }

    func request(_ record: RequestRecord) {
        state.withLock { $0.records.requests.append(record) }
    }

    func acknowledged(_ contact: ContactRecord, arrival: PlannedArrival) {
        state.withLock {
            $0.records.contacts.append(contact)
            $0.arrivals[contact.contactId] = arrival
        }
    }

    func abandoned(_ record: AbandonRecord) {
        state.withLock { $0.records.abandons.append(record) }
    }

    func answered(_ contact: String) {
        _ = state.withLock { $0.answered.insert(contact) }
    }

    func isAnswered(_ contact: String) -> Bool {
        state.withLock { $0.answered.contains(contact) }
    }

    func handled(_ record: HandlingRecord) {
        state.withLock { $0.records.handlings.append(record) }
    }

    func arrival(of contact: String) -> PlannedArrival? {
        state.withLock { $0.arrivals[contact] }
    }

    func agent(_ record: AgentRecord) {
        state.withLock { $0.records.agents.append(record) }
    }

    func agentGone(_ agent: Int, at: Double) {
        state.withLock { state in
            if let index = state.records.agents.firstIndex(where: { $0.agent == agent }) { state.records.agents[index].goneAt = at }
        }
    }

    func fault(_ record: FaultRecord) -> Int {
        state.withLock {
            $0.records.faults.append(record)
            return $0.records.faults.count - 1
        }
    }

    func faultUndone(_ index: Int, at: Double) {
        state.withLock { $0.records.faults[index].until = at }
    }

    func recovery(_ record: RecoveryRecord) {
        state.withLock { $0.records.recoveries.append(record) }
    }

    func finish(loadSeconds: Double, endSeconds: Double, finalStates: [String: String], sessions: [String: [String]]) {
        state.withLock {
            $0.records.loadSeconds = loadSeconds
            $0.records.endSeconds = endSeconds
            $0.records.finalStates = finalStates
            $0.records.sessions = sessions
        }
    }

    var records: RunRecords { state.withLock { $0.records } }

    /// The figures of the progress line.
    func progress() -> (requests: Int, acknowledged: Int, refused: Int, failed: Int, answered: Int, completed: Int, abandoned: Int) {
        state.withLock { state in
            let requests = state.records.requests
            // Only acknowledged ones: an agent may answer a contact whose creation was never acknowledged.
            let answered = state.records.contacts.count { state.answered.contains($0.contactId) }
            return (requests.count, state.records.contacts.count, requests.filter { $0.status == 429 }.count,
                    requests.filter { !$0.answered }.count, answered,
                    state.records.handlings.filter(\.completed).count, state.records.abandons.count { $0.confirmed })
        }
    }
}
