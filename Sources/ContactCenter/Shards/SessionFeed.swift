import ClusterSystem

/// What a routing domain still owes its customers' sessions: the contacts that arrived
/// in its log and are not yet known to be in their sessions' logs.
///
/// Sessions are a projection of the domains' logs, written after a contact's arrival is
/// acknowledged rather than before, in batches (`EntityJournal.project`). Arrivals are
/// numbered in log order, the same on every replay; the domain records how far it has
/// sent now and then (`RoutingDomainRecord.sessionsSent`), so a new primary sends again
/// what follows the last record. Sending some twice is harmless: a session holds each
/// contact once.
struct SessionFeed {
    struct Arrival: Equatable {
        var number: UInt64
        var customer: CustomerID
        var entry: Session.Entry
    }

    /// How many arrivals the domain has had.
    private(set) var arrivals: UInt64 = 0
    /// Arrivals not yet sent, oldest first.
    private(set) var unsent: [Arrival] = []
    /// How far sent arrivals are recorded in the domain's log.
    private(set) var recordedThrough: UInt64 = 0
    /// How far arrivals were sent.
    private(set) var sentThrough: UInt64 = 0
    private var recordedAt = -Double.infinity

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
    func nextBatch(limit: Int) -> ArraySlice<Arrival> {
        unsent.prefix(limit)
    }

    /// Arrivals through `number` are in their sessions' logs.
    mutating func sent(through number: UInt64) {
        sentThrough = max(sentThrough, number)
        let done = unsent.prefix { $0.number <= number }.count
        unsent.removeFirst(done)
    }

    /// Replays a record of how far arrivals were sent.
    mutating func recorded(through number: UInt64, at seconds: Double) {
        sent(through: number)
        recordedThrough = max(recordedThrough, number)
        recordedAt = seconds
    }

    /// Whether to record how far arrivals were sent: at most once a second while
    /// sending goes on, and once it has caught up, so a new primary sends again at most
    /// about a second's arrivals.
    func recordDue(now seconds: Double) -> Bool {
        sentThrough > recordedThrough && (unsent.isEmpty || seconds - recordedAt >= 1)
    }
}
