import Sharding

/// What a routing domain's log rebuilds: its engine, the history observers read, the
/// answers to recent requests, and the arrivals owed to customers' sessions. A fold over
/// the log's records with no I/O, so a new primary rebuilds from the log's bytes exactly
/// what the previous one had, and a test can check it does.
struct RoutingDomainReplay {
    private(set) var engine: RoutingEngine?
    private(set) var history = DomainHistory()
    private(set) var answered = AnsweredRequests<SubmitOutcome>()
    private(set) var feed = SessionFeed()

    /// Applies one record of the log; bytes that decode to no record are skipped.
    mutating func apply(_ bytes: [UInt8]) {
        switch try? RoutingDomainRecord(bytes: bytes) {
        case .configuredKeepingReservationIDs(let configuration)?:
            configure(configuration, restartingReservationIDs: false)
        case .configured(let configuration)?:
            configure(configuration, restartingReservationIDs: true)
        case .event(let event, let time)?:
            _ = replay(event, at: time)
        case .events(let events, let time)?:
            for event in events { _ = replay(event, at: time) }
        case .requests(let requests, let time)?:
            for requested in requests {
                // Twice in the log only if a write in doubt was retried; live, the second
                // copy would have been answered from the first.
                if let request = requested.request, answered.answer(to: request) != nil { continue }
                let outcome = replay(requested.event, at: time)
                if let request = requested.request { answered.remember(outcome, for: request, at: time.seconds) }
            }
        case .sessionsSent(let number, let time)?:
            feed.recorded(through: number, at: time.seconds)
        case nil:
            break
        }
    }

    /// Refused events were refused live too; replay makes the same call.
    private mutating func replay(_ event: RoutingEvent, at time: Timestamp) -> SubmitOutcome {
        var directives: [RoutingDirective] = []
        defer { history.note(directives, at: time) }
        do {
            try engine?.apply(event, at: time, into: &directives)
            feed.note(event, at: time)
            return .applied(directives)
        } catch {
            return .refused(error)
        }
    }

    /// Only configurations accepted live were recorded, so replay accepts them again;
    /// should one not be, the engine before it is the better state to keep.
    private mutating func configure(_ configuration: RoutingDomainConfiguration, restartingReservationIDs: Bool) {
        if let next = try? Self.engine(configuredBy: configuration, after: engine, restartingReservationIDs: restartingReservationIDs) {
            engine = next
        }
    }

    /// The engine a domain runs after `configuration`: a new one for its first, `previous`
    /// with its agents carried over for a later one. The live domain builds it here too,
    /// so that replay arrives at the engine the domain had.
    static func engine(configuredBy configuration: RoutingDomainConfiguration, after previous: RoutingEngine?,
                       restartingReservationIDs: Bool = false) throws -> RoutingEngine {
        guard let previous else { return try RoutingEngine(configuration: configuration) }
        return try previous.reconfigured(to: configuration, restartingReservationIDs: restartingReservationIDs)
    }
}
