import ClusterSystem
import Distributed
import Foundation
import Logging
import Sharding

/// One routing domain — a tenant's queues and agents in one region — as a sharded
/// entity: the pure `RoutingEngine` inside, every event recorded in the shard's
/// replicated log before it is applied.
///
/// After failover the new primary replays the log into a fresh engine and arrives at
/// the same queues, positions, wait times and reservations: nothing granted twice.
/// Timers (offer timeouts, overflow, widening) fire through recorded `clockAdvanced`
/// events. A `requestRegionOverflow` directive becomes a call to the other region's
/// domain, which takes the contact only if it has an eligible agent idle now; its
/// answer is recorded here as `regionOverflowAccepted` or `regionOverflowDeclined`,
/// and the contact, with its original `waitingSince`, moves exactly once.
///
/// Contacts that arrive here are sent on to their customers' sessions after they are
/// acknowledged, in batches (`SessionFeed`); a new primary sends again what the log
/// does not record as sent.
public distributed actor RoutingDomainActor: ShardedEntity {
    public typealias ActorSystem = ClusterSystem
    public static let kind = "routing-domain"
    /// Never idle: a domain wakes itself for its timers (offers, overflow, wrap-up).
    public static var idleTimeout: Duration? { nil }

    /// The domain's own region (its key is `RoutingDomainKey`'s "tenant/region"): routing
    /// stays on that region's nodes while it has any.
    public static func regionIndex(ofKey key: String) -> Int? {
        RoutingDomainKey.region(ofKey: key).map { Int($0.rawValue) - 1 }
    }

    private let key: String
    private let journal: EntityJournal
    private let gate = SerialGate()
    private let requests = RequestIDSource()
    private var engine: RoutingEngine?
    private var timer: Task<Void, Never>?
    private var timerDue: Timestamp?
    private var history = DomainHistory()
    /// Answers to recent requests that named themselves, for calls sent again.
    private var answered = AnsweredRequests<SubmitOutcome>()
    private var metrics: DomainMetrics
    /// Whether the region overflow requests this activation inherited from the log were sent again.
    private var inheritedRequestsSent = false
    /// Arrivals owed to customers' sessions; whether they are being sent, and whether a
    /// record of how far is due.
    private var feed = SessionFeed()
    private var sendingToSessions = false
    private var sentRecordScheduled = false
    private static let logger = Logger(label: "switchboard.routing-domain")

    public init(key: String, history: [[UInt8]], journal: EntityJournal, actorSystem: ClusterSystem) {
        self.actorSystem = actorSystem
        self.key = key
        self.journal = journal
        metrics = DomainMetrics(key: key)
        var replay = RoutingDomainReplay()
        for bytes in history { replay.apply(bytes) }
        engine = replay.engine
        self.history = replay.history
        answered = replay.answered
        feed = replay.feed
        // The timers the log left running (offers, overflow, wrap-ups) are set again, and
        // what follows the previous primary's last record of sent arrivals goes now, not
        // only once a call brings an event. Detached: a caller's deadline must not carry over.
        let owed = !replay.feed.unsent.isEmpty
        sendingToSessions = owed
        Task.detached {
            await self.whenLocal { domain in
                domain.scheduleTimer()
                if owed { await domain.sendToSessions() }
            }
        }
    }

    /// Sets the domain's queues and settings. The first call creates the engine; later
    /// ones keep its agents and are refused while contacts are being routed.
    public distributed func configure(_ configuration: RoutingDomainConfiguration) async throws {
        try journal.ensureCurrent()
        try await gate.run {
            // Validate before recording: a configuration refused here never reaches the log.
            let fresh = try RoutingDomainReplay.engine(configuredBy: configuration, after: await self.engine)
            try await journal.record(try RoutingDomainRecord.configuredKeepingReservationIDs(configuration).bytes)
            await self.install(fresh)
        }
    }

    /// `configure`, with a refusal (an invalid configuration, contacts in flight) as a value.
    public distributed func reconfigure(_ configuration: RoutingDomainConfiguration) async throws -> RoutingReconfigurationError? {
        do {
            try await configure(configuration)
            return nil
        } catch let refusal as RoutingReconfigurationError {
            return refusal
        } catch let invalid as RoutingConfigurationError {
            return .invalid(invalid)
        }
    }

    /// Applies `event` now and returns what the engine decided.
    public distributed func submit(_ event: RoutingEvent) async throws -> [RoutingDirective] {
        try journal.ensureCurrent()
        switch try await enqueue(event, by: nil, request: nil) {
        case .applied(let directives): return directives
        case .refused(let refusal): throw refusal
        case .notConfigured, .notTheAgents: throw RoutingDomainError.notConfigured(key)
        }
    }

    /// `submit`, with the engine's refusal as a value a caller on another node can act on.
    /// With `agent`, the event must concern that agent (their status, their offer, a
    /// contact they hold), checked against the state before the batch it is recorded in;
    /// the engine checks the event again when it is applied.
    ///
    /// With `request`, the same on every retry of one call, a call that already took
    /// effect (here, or at a primary before this one) is answered as it was then.
    public distributed func attempt(_ event: RoutingEvent, by agent: AgentID? = nil,
                                    request: RequestID? = nil) async throws -> SubmitOutcome {
        try journal.ensureCurrent()
        return try await enqueue(event, by: agent, request: request)
    }

    /// A new contact's arrival, answered as briefly as the gateway needs: whether routing
    /// offered it at once, not every directive the event produced. `request` is as for
    /// `attempt`. A contact whose ID this domain is routing or lately finished is
    /// `.known`: its idempotency key was sent again.
    public distributed func arrive(_ contact: Contact, request: RequestID? = nil) async throws -> ArrivalOutcome {
        try journal.ensureCurrent()
        return Self.outcome(of: contact, try await enqueue(.contactArrived(contact), by: nil, request: request))
    }

    /// `arrive` for many contacts at once, answered in their order: a gateway's arrivals
    /// for this domain that came in while its previous call was in flight. They join the
    /// group commit together, so a batch costs one call, not one per contact.
    public distributed func arriveAll(_ arrivals: [ContactArrival]) async throws -> [ArrivalOutcome] {
        try journal.ensureCurrent()
        guard arrivals.count <= Self.arrivalBatchLimit else {
            throw RoutingDomainError.tooManyArrivals(arrivals.count, limit: Self.arrivalBatchLimit)
        }
        guard !arrivals.isEmpty else { return [] }
        let outcomes = try await enqueue(arrivals.map { (.contactArrived($0.contact), $0.request) })
        return zip(arrivals, outcomes).map { Self.outcome(of: $0.contact, $1) }
    }

    /// The most arrivals one `arriveAll` takes: one log record's worth.
    public static let arrivalBatchLimit = batchLimit

    /// An arrival's outcome as briefly as the gateway needs it: whether routing offered
    /// the contact at once, not every directive the event produced.
    private static func outcome(of contact: Contact, _ outcome: SubmitOutcome) -> ArrivalOutcome {
        switch outcome {
        case .applied(let directives):
            let offered = directives.contains { if case .offer(let reservation, _) = $0 { reservation.contact == contact.id } else { false } }
            return offered ? .offered : .queued
        case .refused(.duplicateContact): return .known
        case .refused(let refusal): return .refused(refusal)
        case .notConfigured, .notTheAgents: return .notConfigured
        }
    }

    /// Another region's overflow: takes `contact` into its queue here if an eligible
    /// agent is available now. A contact already here is answered yes again, and so is
    /// the same `request` once it took the contact, even after the contact finished here:
    /// a retried request never admits it twice.
    public distributed func takeOverflow(_ contact: Contact, request: RequestID? = nil) async throws -> Bool {
        try journal.ensureCurrent()
        return try await gate.run {
            if await self.holds(contact.id) { return true }
            if let request, await self.hasAnswered(request) { return true }
            guard await self.canTake(contact) else { return false }
            try await self.recordAndApply(.contactArrived(contact), request: request)
            return true
        }
    }

    /// Where a contact stands in this domain; nil once it finished here, or never arrived.
    public distributed func state(of contact: ContactID) throws -> ContactState? {
        try journal.ensureCurrent()
        return engine?.state(of: contact)
    }

    /// Live statistics of every queue, as of now.
    public distributed func queueStatistics() throws -> [QueueStatistics] {
        try journal.ensureCurrent()
        return engine?.queueStatistics(at: Timestamp.now) ?? []
    }

    /// Every agent's live statistics.
    public distributed func agentStatistics() throws -> [AgentStatistics] {
        try journal.ensureCurrent()
        return engine?.agentStatistics(at: Timestamp.now) ?? []
    }

    /// Where a contact stands: in routing, or how it finished (while that is retained).
    public distributed func lookup(_ contact: ContactID) throws -> ContactLookup? {
        try journal.ensureCurrent()
        if let state = engine?.state(of: contact), let queue = engine?.queue(of: contact),
           let routed = engine?.routedContact(contact) {
            return .routing(state, queue: queue, customer: routed.customer, channel: routed.channel)
        }
        return history.outcome(of: contact).map(ContactLookup.finished)
    }

    /// The agent a contact is offered to or connected with, if any.
    public distributed func holder(of contact: ContactID) throws -> AgentID? {
        try journal.ensureCurrent()
        return engine?.holder(of: contact)
    }

    /// Numbered directives after `sequence`, for event streams that resume where they left off.
    public distributed func directives(after sequence: UInt64, limit: Int) throws -> DirectivePage {
        try journal.ensureCurrent()
        return history.directives(after: sequence, limit: max(1, min(limit, 1_000)))
    }

    /// The directives of recent events, oldest first.
    public distributed func recentDirectives() throws -> [RoutingDirective] {
        try journal.ensureCurrent()
        return history.directives(after: 0, limit: DomainHistory.retainedDirectives * 2).items.map(\.directive)
    }

    // MARK: - Group commit

    /// Events submitted while the log write before them is in flight wait here, and
    /// the next write takes all of them as one record: one replication round trip for
    /// many events, in the order they arrived, which is the order they are applied.
    private var pending: [PendingEvent] = []
    private var draining = false
    private static let batchLimit = 64

    private struct PendingEvent: Sendable {
        var event: RoutingEvent
        var agent: AgentID?
        var request: RequestID?
        var answer: PendingAnswer
    }

    private func enqueue(_ event: RoutingEvent, by agent: AgentID?, request: RequestID?) async throws -> SubmitOutcome {
        try await withCheckedThrowingContinuation { answer in
            pending.append(PendingEvent(event: event, agent: agent, request: request, answer: .call(answer)))
            startDraining()
        }
    }

    /// Events submitted together, in order, answered together once each is.
    private func enqueue(_ events: [(RoutingEvent, RequestID?)]) async throws -> [SubmitOutcome] {
        try await withCheckedThrowingContinuation { answer in
            let answers = BatchAnswers(count: events.count, continuation: answer)
            for (index, (event, request)) in events.enumerated() {
                pending.append(PendingEvent(event: event, agent: nil, request: request, answer: .slot(index, of: answers)))
            }
            startDraining()
        }
    }

    private func startDraining() {
        guard !draining else { return }
        draining = true
        // Detached: the drain outlives this call, and must not inherit its deadline.
        Task.detached { await self.drain() }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(Self.batchLimit))
            pending.removeFirst(batch.count)
            await gate.run { await self.commit(batch) }
        }
        draining = false
    }

    /// Records the batch's events in one log record, then applies them one by one.
    private func commit(_ batch: [PendingEvent]) async {
        guard engine != nil else {
            for item in batch { item.answer.resume(returning: .notConfigured) }
            return
        }
        var admitted: [PendingEvent] = []
        var requested: Set<RequestID> = []
        var later: [PendingEvent] = []
        for item in batch {
            if let request = item.request, let answer = answered.answer(to: request) {
                item.answer.resume(returning: answer)
            } else if let request = item.request, requested.contains(request) {
                // The same call twice in one batch: it waits for the next batch, which
                // answers it from the first (or applies it, should the first not be recorded).
                later.append(item)
            } else if case .contactArrived(let contact) = item.event, isKnown(contact.id) {
                // Not recorded: a refusal changes nothing, and replay needs no record of it.
                item.answer.resume(returning: .refused(.duplicateContact(contact.id)))
            } else if let agent = item.agent, alreadyApplied(item.event, by: agent) {
                item.answer.resume(returning: .applied([]))
            } else if let agent = item.agent, !concerns(item.event, agent: agent) {
                item.answer.resume(returning: .notTheAgents)
            } else {
                admitted.append(item)
                if let request = item.request { requested.insert(request) }
            }
        }
        pending.insert(contentsOf: later, at: 0)
        guard !admitted.isEmpty else { return }
        let now = Timestamp.now
        do {
            let record = RoutingDomainRecord.requests(admitted.map { RequestedEvent(event: $0.event, request: $0.request) }, at: now)
            try await journal.record(try record.bytes)
        } catch is EntityEventRejected where admitted.count > 1 {
            // Together over the log's payload limit: each on its own, in the same order,
            // so only an event too large by itself is refused.
            for item in admitted { await commit([item]) }
            return
        } catch {
            for item in admitted { item.answer.resume(throwing: error) }
            return
        }
        for item in admitted {
            do {
                item.answer.resume(returning: try answer(item.event, request: item.request, at: now))
            } catch {
                item.answer.resume(throwing: error)
            }
        }
        if !feed.unsent.isEmpty && !sendingToSessions {
            sendingToSessions = true
            // Detached: sending outlives this batch, and must not inherit a caller's deadline.
            Task.detached { await self.sendToSessions() }
        }
    }

    // MARK: - Sessions

    /// Sends arrivals to their customers' sessions, many in one write per session shard,
    /// until none is left, then sees that how far they went is recorded. Arrivals that do
    /// not reach their sessions stay owed and go again after a pause. Started with
    /// `sendingToSessions` set, which it clears.
    private func sendToSessions() async {
        defer { sendingToSessions = false }
        guard let tenant = engine?.configuration.tenant else { return }
        var pause = Duration.milliseconds(100)
        while !feed.unsent.isEmpty {
            if feed.unsent.count < Self.sessionBatchLimit {
                // Sessions spread over every shard: the more arrivals one projection
                // carries, the fewer log entries each shard gets for them.
                try? await Task.sleep(for: Self.sessionGathering)
            }
            let batch = feed.nextBatch(limit: Self.sessionBatchLimit)
            do {
                let events = try batch.map { arrival in
                    (key: SessionActor.key(tenant: tenant, customer: arrival.customer),
                     event: try BinaryEncoder().encode(arrival.entry))
                }
                try await journal.project(events, to: SessionActor.self)
                feed.sent(through: batch[batch.count - 1].number)
                pause = .milliseconds(100)
            } catch is EntityMoved {
                return
            } catch {
                metrics.sessionSendFailed()
                Self.logger.warning("arrivals not written to their sessions; sending them again", metadata: [
                    "domain": "\(key)", "owed": "\(feed.unsent.count)", "error": "\(error)",
                ])
                try? await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(5))
                continue
            }
            if feed.recordWait(now: Timestamp.now.seconds) == 0 { await recordSent() }
        }
        scheduleSentRecord()
    }

    /// Records how far arrivals were sent once that is due (`SessionFeed.recordInterval`),
    /// so a quiet domain writes one record a second at most, not one per arrival.
    private func scheduleSentRecord() {
        guard !sentRecordScheduled, let wait = feed.recordWait(now: Timestamp.now.seconds) else { return }
        sentRecordScheduled = true
        Task.detached { [self] in
            try? await Task.sleep(for: .seconds(wait))
            await self.recordScheduled()
        }
    }

    private func recordScheduled() async {
        sentRecordScheduled = false
        await recordSent()
    }

    /// A lost record only means that a new primary sends those arrivals again.
    private func recordSent() async {
        let through = feed.sentThrough
        guard through > feed.recordedThrough else { return }
        let now = Timestamp.now
        if (try? await journal.record(try RoutingDomainRecord.sessionsSent(through: through, at: now).bytes)) != nil {
            feed.recorded(through: through, at: now.seconds)
        }
    }

    /// Arrivals in one projection: enough that a busy domain's arrivals share writes to
    /// each session shard. A shard's share over the log's payload limit is split.
    private static let sessionBatchLimit = 1_024
    /// How long arrivals gather before a projection short of the limit. Sent as soon as
    /// the previous one was answered, a batch at 3,000 contacts/s held a few dozen
    /// arrivals, about one per session shard: 50 ms cut the node CPU per contact by a
    /// fifth (docs/benchmarks.md), and sessions still trail by well under a second.
    private static let sessionGathering = Duration.milliseconds(50)

    /// Applies a recorded event and keeps the outcome for its request, refusals included,
    /// as replay will: a new primary must not take a refused request as applied.
    private func answer(_ event: RoutingEvent, request: RequestID?, at now: Timestamp) throws -> SubmitOutcome {
        let outcome: SubmitOutcome
        do {
            outcome = .applied(try apply(event, at: now))
            feed.note(event, at: now)
        } catch let refusal as RoutingError {
            outcome = .refused(refusal)
        }
        if let request { answered.remember(outcome, for: request, at: now.seconds) }
        return outcome
    }

    /// Whether a contact of this ID is being routed here or finished here lately. A
    /// client's idempotency key names its contact's ID, so an arrival sent again finds
    /// the contact and never routes it a second time, even after it finished.
    private func isKnown(_ contact: ContactID) -> Bool {
        engine?.state(of: contact) != nil || history.outcome(of: contact) != nil
    }

    /// Whether an agent's accept or completion already took effect. Request IDs cover an
    /// `EntityRef`'s retries of one call; this covers the agent's own retry, a new
    /// request after its answer was lost. It is answered as applied, with nothing more to
    /// do, rather than refused; an agent told "refused" would drop a contact that is in
    /// fact connected to it. (The chaos suite's partition-minority scenario found that.)
    private func alreadyApplied(_ event: RoutingEvent, by agent: AgentID) -> Bool {
        guard let engine else { return false }
        func done(_ contact: ContactID, in states: Set<ContactState>) -> Bool {
            if let state = engine.state(of: contact) { return states.contains(state) && engine.holder(of: contact) == agent }
            guard let finish = history.finish(of: contact) else { return false }
            return finish.state == .completed && finish.agent == agent
        }
        switch event {
        case .reservationAccepted(let id):
            guard engine.reservation(id) == nil, let offered = history.offer(id), offered.agent == agent else { return false }
            return done(offered.contact, in: [.connected, .wrapUp])
        case .contactEnded(let contact):
            return done(contact, in: [.wrapUp])
        default:
            return false
        }
    }

    // MARK: - Inside the gate

    private func install(_ fresh: RoutingEngine) {
        engine = fresh
    }

    private func concerns(_ event: RoutingEvent, agent: AgentID) -> Bool {
        engine?.concerns(event, agent: agent) ?? false
    }

    private func canTake(_ contact: Contact) -> Bool {
        engine?.hasAvailableAgent(queue: contact.queue, channel: contact.channel) ?? false
    }

    private func holds(_ contact: ContactID) -> Bool {
        engine?.state(of: contact) != nil
    }

    /// Whether `request` took effect here: a refused one changed nothing.
    private func hasAnswered(_ request: RequestID) -> Bool {
        if case .applied? = answered.answer(to: request) { return true }
        return false
    }

    private func recordAndApply(_ event: RoutingEvent, request: RequestID?) async throws {
        guard engine != nil else { throw RoutingDomainError.notConfigured(key) }
        let now = Timestamp.now
        try await journal.record(try RoutingDomainRecord.requests([RequestedEvent(event: event, request: request)], at: now).bytes)
        if case .refused(let refusal) = try answer(event, request: request, at: now) { throw refusal }
    }

    private func apply(_ event: RoutingEvent, at time: Timestamp) throws -> [RoutingDirective] {
        var directives: [RoutingDirective] = []
        defer {
            history.note(directives, at: time)
            metrics.count(directives)
            if metrics.dueForSample(now: time.seconds), let queues = engine?.queueStatistics(at: time) {
                metrics.sample(queues)
            }
            carryOut(directives)
            if !inheritedRequestsSent {
                // Their answers were lost with the previous primary; they are idempotent.
                inheritedRequestsSent = true
                carryOut(engine?.pendingRegionOverflowRequests() ?? [])
            }
            scheduleTimer()
        }
        try engine?.apply(event, at: time, into: &directives)
        return directives
    }

    /// Directives this shell acts on itself; the rest are for observers.
    private func carryOut(_ directives: [RoutingDirective]) {
        guard let tenant = engine?.configuration.tenant else { return }
        for case let .requestRegionOverflow(contact, region, queue, waitingSince) in directives {
            var moving = contact
            moving.queue = queue
            moving.waitingSince = waitingSince
            let target = ShardedEntities(system: actorSystem, entryPoints: [actorSystem.identity.address],
                                         layout: journal.layout)
                .ref(RoutingDomainActor.self, key: RoutingDomainKey.of(tenant: tenant, region: region))
            // One name for the call and all of the reference's retries of it.
            let request = requests.next()
            Task.detached { [self] in
                let accepted = (try? await target.call { try await $0.takeOverflow(moving, request: request) }) ?? false
                _ = try? await self.submit(accepted ? .regionOverflowAccepted(contact.id) : .regionOverflowDeclined(contact.id))
            }
        }
    }

    /// Wakes the domain when the engine's next timer is due, with a recorded `clockAdvanced`.
    private func scheduleTimer() {
        guard let due = engine?.nextDeadline else { return }
        if let current = timerDue, current <= due, timer != nil { return }
        timer?.cancel()
        timerDue = due
        timer = Task.detached { [self] in
            let wait = max(0, due.seconds - Date().timeIntervalSince1970)
            try? await Task.sleep(for: .seconds(wait))
            guard !Task.isCancelled else { return }
            await self.timerFired(due: due)
            _ = try? await self.submit(.clockAdvanced)
        }
    }

    /// Forgets the timer that fired, unless a newer one replaced it meanwhile.
    private func timerFired(due: Timestamp) {
        guard timerDue == due else { return }
        timer = nil
        timerDue = nil
    }
}

/// What became of an event a caller submitted.
public enum SubmitOutcome: Hashable, Sendable, Codable {
    /// Recorded in the shard's log and applied.
    case applied([RoutingDirective])
    /// Recorded, and refused by the engine, which changed nothing.
    case refused(RoutingError)
    case notConfigured
    /// Submitted for an agent it does not concern; not recorded.
    case notTheAgents
}

/// What became of a new contact's arrival (`RoutingDomainActor.arrive`).
public enum ArrivalOutcome: Hashable, Sendable, Codable {
    /// Recorded and offered to an agent at once.
    case offered
    /// Recorded and waiting in its queue.
    case queued
    /// A contact of this ID is being routed here or finished here lately; nothing recorded.
    case known
    /// Refused by the engine, which changed nothing.
    case refused(RoutingError)
    case notConfigured
}

public enum RoutingDomainError: Error, Equatable, CustomStringConvertible {
    case notConfigured(String)
    case tooManyArrivals(Int, limit: Int)

    public var description: String {
        switch self {
        case .notConfigured(let key): "routing domain \(key) has no configuration yet"
        case .tooManyArrivals(let count, let limit): "\(count) arrivals in one call, over the limit of \(limit)"
        }
    }
}
