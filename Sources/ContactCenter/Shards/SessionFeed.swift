import ClusterSystem
import DequeModule

/// What a routing domain still owes its customers' sessions: the contacts that arrived
/// in its log and are not yet known to be in their sessions' logs.
///
/// Sessions are a projection of the domains' logs, written after a contact's arrival is
/// acknowledged rather than before, in batches (`EntityJournal.project`). Arrivals are
/// numbered in log order, the same on every replay; the domain records how far it has
/// sent at most once a second (`RoutingDomainRecord.sessionsSent`), so a new primary
/// sends again what follows the last record: what was owed, and about a second's worth
/// that was already sent. Sending some twice is harmless: a session holds each contact once.
///
/// The numbering holds because an arrival is either in the log and applied, or this
/// activation is let go of: a write in doubt ends the shard's epoch here.
struct SessionFeed {
    struct Arrival: Equatable {
        var number: UInt64
        var customer: CustomerID
        var entry: Session.Entry
    }

    /// How many arrivals the domain has had.
    private(set) var arrivals: UInt64 = 0
    /// Arrivals not yet sent, oldest first.
    private(set) var unsent: Deque<Arrival> = []
    /// How far sent arrivals are recorded in the domain's log.
    private(set) var recordedThrough: UInt64 = 0
    /// How far arrivals were sent.
    private(set) var sentThrough: UInt64 = 0
    private var recordedAt = -Double.infinity

    /// The least time between two records of how far arrivals were sent.
    static let recordInterval = 1.0

    /// Notes an applied event: a contact that arrived from a client is owed to its
    /// session. One overflowing from another region carries its wait (`waitingSince`),
    /// and its session has it from the domain it first arrived in.
    mutating func note(_ event: RoutingEvent, at time: Timestamp) {
        guard case .contactArrived(let contact) = event, contact.waitingSince == nil else { return }
        arrivals += 1
        unsent.append(Arrival(number: arrivals, customer: contact.customer,
                              entry: Session.Entry(contact: contact.id, channel: contact.channel, intent: contact.intent,
                                                   queue: contact.queue, at: time, previousContact: contact.previousContact)))
    }

    /// The oldest unsent arrivals, at most `limit`.
    func nextBatch(limit: Int) -> [Arrival] {
        Array(unsent.prefix(limit))
    }

    /// Arrivals through `number` are in their sessions' logs.
    mutating func sent(through number: UInt64) {
        sentThrough = max(sentThrough, number)
        while let first = unsent.first, first.number <= number { unsent.removeFirst() }
    }

    /// Arrivals through `number` were recorded as sent at `seconds`, live or in the log
    /// being replayed.
    mutating func recorded(through number: UInt64, at seconds: Double) {
        sent(through: number)
        recordedThrough = max(recordedThrough, number)
        recordedAt = seconds
    }

    /// How long until sent arrivals should be recorded: nil when there is nothing to
    /// record, zero when it is due now.
    func recordWait(now seconds: Double) -> Double? {
        guard sentThrough > recordedThrough else { return nil }
        return max(0, recordedAt + Self.recordInterval - seconds)
    }
}
