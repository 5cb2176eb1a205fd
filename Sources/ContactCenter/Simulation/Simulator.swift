import HeapModule
import SeededRandom

/// A discrete-event simulation of a contact center in virtual time, routed by the real
/// `RoutingEngine` (one per region). Pure: no clock, no I/O, every draw from generators
/// seeded by `scenario.seed`, so a run replays exactly.
///
/// Arrivals are non-homogeneous Poisson per queue, handle times and patience are drawn per
/// contact, agents accept (or, with `rejectProbability`, reject) offers after
/// `acceptDelaySeconds`, and cross-region overflow requests are granted when the other
/// region has an eligible agent available — the protocol a routing shell carries out.
public struct Simulator: Sendable {
    public let scenario: SimulationScenario
    var engines: [RoutingEngine]
    var events = Heap<SimulationEvent>()
    var sequence: UInt64 = 0
    var streams: [ArrivalStream] = []
    var contacts: [ContactID: SimulatedContact] = [:]
    var nextContact: UInt64 = 0
    var behaviour: SplitMix64
    /// The virtual time of the last step.
    public private(set) var now: Double = 0
    /// Steps taken: simulation events plus engine timer wake-ups.
    public private(set) var steps = 0

    var reportQueues: [SimulationReport.QueueReport] = []
    var reportQueueSlots: [QueueID: Int] = [:]
    /// Per report queue, the agents (region, id) eligible for its own requirement.
    var eligible: [[(region: Int, agent: AgentID)]] = []
    /// Per report queue, busy and staffed seconds of its agents at the last interval end.
    var bookedTime: [(busy: Double, staffed: Double)] = []
    let intervalCount: Int

    public init(scenario: SimulationScenario) throws(RoutingConfigurationError) {
        self.scenario = scenario
        behaviour = SplitMix64(seed: SplitMix64.mix(scenario.seed, 0xBE4A))
        intervalCount = max(1, Int((scenario.durationSeconds / scenario.intervalSeconds).rounded(.up)))
        engines = []
        for (regionIndex, region) in scenario.regions.enumerated() {
            var engine = try RoutingEngine(configuration: region.configuration)
            var ignored: [RoutingDirective] = []
            for agent in region.agents {
                // Scenario agents are distinct by construction; a duplicate is simply not added twice.
                try? engine.apply(.agentAdded(agent, status: .available), at: .zero, into: &ignored)
            }
            engines.append(engine)
            for queue in region.configuration.queues {
                reportQueueSlots[queue.id] = reportQueues.count
                let staff = region.agents.filter { agent in queue.requirements.allSatisfy { $0.isMet(by: agent.skills) } }
                eligible.append(staff.map { (regionIndex, $0.id) })
                reportQueues.append(SimulationReport.QueueReport(
                    region: region.configuration.region, queue: queue.id, name: queue.name,
                    thresholdSeconds: queue.serviceLevel.thresholdSeconds, agents: staff.count,
                    total: SimulationFigures(), intervals: Array(repeating: SimulationFigures(), count: intervalCount)))
            }
        }
        bookedTime = Array(repeating: (0, 0), count: reportQueues.count)
        for (regionIndex, region) in scenario.regions.enumerated() {
            for demand in region.demand {
                guard let reportQueue = reportQueueSlots[demand.queue] else { continue }
                let index = streams.count
                streams.append(ArrivalStream(
                    region: regionIndex, demand: demand, reportQueue: reportQueue,
                    random: SplitMix64(seed: SplitMix64.mix(scenario.seed, UInt64(index) + 1)),
                    peakPerSecond: demand.arrivalsPerHour * demand.profile.peakMultiplier / 3600))
                scheduleNextArrival(stream: index, after: 0)
            }
        }
        for interval in 0..<intervalCount {
            schedule(.intervalEnd(interval), at: min(Double(interval + 1) * scenario.intervalSeconds, scenario.durationSeconds))
        }
    }

    /// Whether nothing is left to happen: arrivals over and every contact finished.
    public var isFinished: Bool { events.isEmpty && engines.allSatisfy { $0.nextDeadline == nil } }

    /// Runs until virtual time `limit` (or the end, if sooner).
    public mutating func run(until limit: Double) {
        while let next = nextStepTime(), next <= limit { step() }
    }

    /// Runs to the end and reports.
    public mutating func runToEnd() -> SimulationReport {
        while nextStepTime() != nil { step() }
        return report()
    }

    func nextStepTime() -> Double? {
        var next = events.min?.at
        for engine in engines {
            if let deadline = engine.nextDeadline?.seconds, next.map({ deadline < $0 }) ?? true { next = deadline }
        }
        return next
    }

    mutating func step() {
        steps += 1
        var earliestEngine: (region: Int, at: Double)?
        for region in engines.indices {
            if let deadline = engines[region].nextDeadline?.seconds, earliestEngine.map({ deadline < $0.at }) ?? true {
                earliestEngine = (region, deadline)
            }
        }
        if let engine = earliestEngine, events.min.map({ engine.at <= $0.at }) ?? true {
            now = max(now, engine.at)
            apply(.clockAdvanced, region: engine.region)
            return
        }
        guard let event = events.popMin() else { return }
        now = max(now, event.at)
        switch event.kind {
        case let .arrival(stream):
            arrive(stream: stream)
        case let .conversationEnd(contact):
            if let region = contacts[contact]?.region { apply(.contactEnded(contact), region: region) }
        case let .patienceEnd(contact):
            if let record = contacts[contact], !record.answered { apply(.contactAbandoned(contact), region: record.region) }
        case let .offerAnswered(reservation, contact, region, accept):
            answer(reservation, contact: contact, region: region, accept: accept)
        case let .intervalEnd(interval):
            closeInterval(interval)
        }
    }

    mutating func schedule(_ kind: SimulationEvent.Kind, at time: Double) {
        sequence += 1
        events.insert(SimulationEvent(at: time, sequence: sequence, kind: kind))
    }

    /// Thinning: candidates at the peak rate, each kept with probability rate(t) / peak.
    mutating func scheduleNextArrival(stream index: Int, after time: Double) {
        guard streams[index].peakPerSecond > 0 else { return }
        let gap = Sampling.exponential(mean: 1 / streams[index].peakPerSecond, &streams[index].random)
        let at = time + gap
        if at < scenario.durationSeconds { schedule(.arrival(stream: index), at: at) }
    }

    mutating func arrive(stream index: Int) {
        scheduleNextArrival(stream: index, after: now)
        let demand = streams[index].demand
        let keep = demand.profile.multiplier(at: now) / demand.profile.peakMultiplier
        guard streams[index].random.nextUnit() < keep else { return }
        nextContact += 1
        let id = ContactID(nextContact)
        let vip = demand.vipShare > 0 && streams[index].random.nextUnit() < demand.vipShare
        let contact = Contact(id: id, channel: demand.channel, customer: CustomerID(nextContact), tier: vip ? .gold : .standard,
                              intent: "simulated", queue: demand.queue)
        let reportQueue = streams[index].reportQueue
        let record = SimulatedContact(region: streams[index].region, stream: index, reportQueue: reportQueue, arrivedAt: now,
                                      channel: demand.channel, counted: now >= scenario.warmUpSeconds)
        contacts[id] = record
        count(record) { $0.offered += 1 }
        guard apply(.contactArrived(contact), region: record.region) else {
            count(record) { $0.refused += 1 }
            contacts[id] = nil
            return
        }
        if let patience = demand.patience.sample(&streams[index].random), contacts[id] != nil {
            schedule(.patienceEnd(id), at: now + patience)
        }
    }

    mutating func answer(_ reservation: ReservationID, contact: ContactID, region: Int, accept: Bool) {
        guard accept else {
            apply(.reservationRejected(reservation), region: region)
            return
        }
        var directives: [RoutingDirective] = []
        do {
            try engines[region].apply(.reservationAccepted(reservation), at: Timestamp(seconds: now), into: &directives)
        } catch {
            // The offer ended first (the customer hung up, or it timed out): nothing to answer.
            carryOut(directives, region: region)
            return
        }
        carryOut(directives, region: region)
        connected(contact)
    }

    /// Applies an event to a region's engine and carries out what it asks; false if refused.
    @discardableResult
    mutating func apply(_ event: RoutingEvent, region: Int) -> Bool {
        var directives: [RoutingDirective] = []
        var accepted = true
        do {
            try engines[region].apply(event, at: Timestamp(seconds: now), into: &directives)
        } catch {
            accepted = false
        }
        carryOut(directives, region: region)
        return accepted
    }

    mutating func carryOut(_ directives: [RoutingDirective], region: Int) {
        for directive in directives {
            switch directive {
            case let .offer(reservation, _):
                let accept = scenario.rejectProbability <= 0 || behaviour.nextUnit() >= scenario.rejectProbability
                if scenario.acceptDelaySeconds > 0 {
                    schedule(.offerAnswered(reservation.id, contact: reservation.contact, region: region, accept: accept),
                             at: now + scenario.acceptDelaySeconds)
                } else {
                    answer(reservation.id, contact: reservation.contact, region: region, accept: accept)
                }
            case let .contactFinished(id, state, reason):
                finished(id, state: state, reason: reason)
            case let .requestRegionOverflow(contact, destination, queue, waitingSince):
                overflow(contact, from: region, to: destination, queue: queue, waitingSince: waitingSince)
            case .reservationEnded, .queued, .widened, .overflowedToQueue, .agentStatusChanged:
                break
            }
        }
    }

    /// Records an answer once the engine shows the contact connected, and starts its talk time.
    mutating func connected(_ id: ContactID) {
        guard var record = contacts[id], !record.answered, engines[record.region].state(of: id) == .connected else { return }
        record.answered = true
        contacts[id] = record
        let wait = now - record.arrivedAt
        let threshold = reportQueues[record.reportQueue].thresholdSeconds
        count(record) { figures in
            figures.answered += 1
            figures.answerWaitSeconds += wait
            if wait <= threshold { figures.answeredWithinThreshold += 1 }
        }
        let handle = streams[record.stream].demand.handleTime.sample(&streams[record.stream].random)
        schedule(.conversationEnd(id), at: now + handle)
    }

    mutating func finished(_ id: ContactID, state: ContactState, reason: ContactEndReason) {
        guard let record = contacts[id] else { return }
        switch reason {
        case .overflowedToRegion:
            return
        case .customerAbandoned:
            count(record) { $0.abandoned += 1 }
        case .maxWaitExceeded:
            count(record) { $0.maxWaitExceeded += 1 }
        case .handled, .transferred:
            break
        }
        contacts[id] = nil
    }

    /// The shell's side of cross-region overflow: ask the other region, move the contact
    /// exactly once if it has an available eligible agent, else decline.
    mutating func overflow(_ contact: Contact, from origin: Int, to region: RegionID, queue: QueueID, waitingSince: Timestamp) {
        guard let destination = scenario.regions.firstIndex(where: { $0.configuration.region == region }),
              engines[destination].hasAvailableAgent(queue: queue, channel: contact.channel),
              apply(.regionOverflowAccepted(contact.id), region: origin)
        else {
            apply(.regionOverflowDeclined(contact.id), region: origin)
            return
        }
        var moved = contact
        moved.queue = queue
        moved.waitingSince = waitingSince
        contacts[contact.id]?.region = destination
        apply(.contactArrived(moved), region: destination)
    }

    mutating func count(_ record: SimulatedContact, _ update: (inout SimulationFigures) -> Void) {
        guard record.counted else { return }
        update(&reportQueues[record.reportQueue].total)
        let interval = min(intervalCount - 1, Int(record.arrivedAt / scenario.intervalSeconds))
        update(&reportQueues[record.reportQueue].intervals[interval])
    }

    /// Books each queue's agents' busy and staffed time over the interval just ended.
    mutating func closeInterval(_ interval: Int) {
        var perAgent: [AgentID: (busy: Double, staffed: Double)] = [:]
        for queue in reportQueues.indices {
            var busy = 0.0, staffed = 0.0
            for member in eligible[queue] {
                let figures = perAgent[member.agent] ?? engines[member.region].agentStatistics(member.agent, at: Timestamp(seconds: now))
                    .map { ($0.busySeconds, $0.staffedSeconds) } ?? (0, 0)
                perAgent[member.agent] = figures
                busy += figures.busy
                staffed += figures.staffed
            }
            let previous = bookedTime[queue]
            bookedTime[queue] = (busy, staffed)
            guard now > scenario.warmUpSeconds || interval == intervalCount - 1 else { continue }
            reportQueues[queue].intervals[interval].busySeconds += busy - previous.busy
            reportQueues[queue].intervals[interval].staffedSeconds += staffed - previous.staffed
            reportQueues[queue].total.busySeconds += busy - previous.busy
            reportQueues[queue].total.staffedSeconds += staffed - previous.staffed
        }
    }

    public func report() -> SimulationReport {
        SimulationReport(
            seed: scenario.seed, durationSeconds: scenario.durationSeconds, warmUpSeconds: scenario.warmUpSeconds,
            intervalSeconds: scenario.intervalSeconds, agents: scenario.regions.reduce(0) { $0 + $1.agents.count },
            contacts: Int(nextContact), events: steps, queues: reportQueues, prediction: prediction())
    }

    /// The Erlang prediction for a single flat-rate queue with exponential handle times.
    func prediction() -> SimulationReport.Prediction? {
        guard scenario.regions.count == 1, let region = scenario.regions.first, region.demand.count == 1,
              let demand = region.demand.first, demand.profile == .flat,
              case let .exponential(handle) = demand.handleTime,
              region.agents.allSatisfy({ $0.wrapUpSeconds == 0 }),
              let threshold = reportQueues.first?.thresholdSeconds
        else { return nil }
        let rate = demand.arrivalsPerHour / 3600
        switch demand.patience {
        case .infinite:
            let erlang = ErlangC(agents: region.agents.count, arrivalsPerSecond: rate, averageHandleSeconds: handle)
            return .init(model: "Erlang C", serviceLevel: erlang.serviceLevel(thresholdSeconds: threshold), abandonRate: 0,
                         averageSpeedOfAnswerSeconds: erlang.averageSpeedOfAnswerSeconds, occupancy: erlang.occupancy)
        case let .exponential(patience):
            let erlang = ErlangA(agents: region.agents.count, arrivalsPerSecond: rate, averageHandleSeconds: handle, averagePatienceSeconds: patience)
            return .init(model: "Erlang A", serviceLevel: erlang.serviceLevel(thresholdSeconds: threshold),
                         abandonRate: erlang.abandonProbability, averageSpeedOfAnswerSeconds: nil, occupancy: nil)
        }
    }
}
