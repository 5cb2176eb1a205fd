/// What a routing domain remembers of its own decisions for observers: recent
/// directives numbered in order (the event streams' source), and how recently finished
/// contacts ended (so a contact can be looked up after it left routing).
///
/// A pure value fed the directives of every applied event, live and in replay alike:
/// the engine is deterministic, so a new primary numbers the same directives the same
/// way, and a client that resumes from a sequence number misses nothing retained.
public struct DomainHistory: Sendable {
    public static let retainedDirectives = 10_000
    public static let retainedOutcomes = 100_000

    public private(set) var nextSequence: UInt64 = 1
    private var directives: [SequencedDirective] = []
    private var outcomes: [ContactID: ContactOutcome] = [:]
    private var outcomeOrder: [ContactID] = []
    private var outcomeHead = 0
    private var overflowRegions: [ContactID: RegionID] = [:]
    /// The agent each contact was last offered to, until it finishes.
    private var holders: [ContactID: AgentID] = [:]

    public init() {}

    public mutating func note(_ fresh: [RoutingDirective], at time: Timestamp) {
        for directive in fresh {
            var agent: AgentID?
            switch directive {
            case .offer(let reservation, _):
                holders[reservation.contact] = reservation.agent
            case .requestRegionOverflow(let contact, let region, _, _):
                overflowRegions[contact.id] = region
            case .contactFinished(let contact, let state, let reason):
                agent = holders.removeValue(forKey: contact)
                let region = reason == .overflowedToRegion ? overflowRegions[contact] : nil
                overflowRegions[contact] = nil
                remember(ContactOutcome(contact: contact, state: state, reason: reason, overflowedTo: region, at: time))
            default:
                break
            }
            directives.append(SequencedDirective(sequence: nextSequence, at: time, directive: directive, agent: agent))
            nextSequence += 1
        }
        if directives.count > Self.retainedDirectives * 2 {
            directives.removeFirst(directives.count - Self.retainedDirectives)
        }
    }

    /// Directives numbered after `sequence`, at most `limit`, oldest first. A sequence
    /// from the future (a client's made-up cursor) gets an empty page, never a trap.
    public func directives(after sequence: UInt64, limit: Int) -> DirectivePage {
        let first = directives.first?.sequence ?? nextSequence
        guard sequence < nextSequence else {
            return DirectivePage(items: [], oldestRetained: first, next: nextSequence, gap: false)
        }
        let start = sequence >= first ? Int(sequence - first) + 1 : 0
        let items = start < directives.count ? Array(directives[start..<min(directives.count, start + max(0, limit))]) : []
        return DirectivePage(items: items, oldestRetained: first, next: nextSequence, gap: sequence < first - 1)
    }

    public func outcome(of contact: ContactID) -> ContactOutcome? {
        outcomes[contact]
    }

    /// The offer that granted reservation `id`, while its directive is retained. A scan:
    /// only a retried request asks.
    public func offer(_ id: ReservationID) -> Reservation? {
        for item in directives.reversed() {
            if case .offer(let reservation, _) = item.directive, reservation.id == id { return reservation }
        }
        return nil
    }

    /// How `contact` finished and which agent held it then, while its directive is retained.
    public func finish(of contact: ContactID) -> (state: ContactState, agent: AgentID?)? {
        for item in directives.reversed() {
            if case .contactFinished(let finished, let state, _) = item.directive, finished == contact { return (state, item.agent) }
        }
        return nil
    }

    private mutating func remember(_ outcome: ContactOutcome) {
        if outcomes.updateValue(outcome, forKey: outcome.contact) == nil { outcomeOrder.append(outcome.contact) }
        if outcomeOrder.count - outcomeHead > Self.retainedOutcomes {
            outcomes[outcomeOrder[outcomeHead]] = nil
            outcomeHead += 1
            if outcomeHead > Self.retainedOutcomes {
                outcomeOrder.removeFirst(outcomeHead)
                outcomeHead = 0
            }
        }
    }
}

public struct SequencedDirective: Hashable, Sendable, Codable {
    public var sequence: UInt64
    public var at: Timestamp
    public var directive: RoutingDirective
    /// For a finished contact: the agent it was last offered to, so that agent's
    /// stream carries the end of its contact even after a reconnect.
    public var agent: AgentID?
}

/// A page of a domain's directives. `gap` is true when some after the asked-for
/// sequence are no longer retained.
public struct DirectivePage: Hashable, Sendable, Codable {
    public var items: [SequencedDirective]
    public var oldestRetained: UInt64
    public var next: UInt64
    public var gap: Bool
}

/// How a contact left a routing domain.
public struct ContactOutcome: Hashable, Sendable, Codable {
    public var contact: ContactID
    public var state: ContactState
    public var reason: ContactEndReason
    /// For a contact another region took: that region, whose domain routes it now.
    public var overflowedTo: RegionID?
    public var at: Timestamp
}

/// Where a contact stands, as a domain can tell.
public enum ContactLookup: Hashable, Sendable, Codable {
    case routing(ContactState, queue: QueueID, customer: CustomerID, channel: Channel)
    case finished(ContactOutcome)
}
