import ClusterSystem
import Distributed
import Sharding

/// One customer's session as a sharded entity keyed by tenant and customer ID, so sessions
/// spread over every shard: a contact from a known customer, on any channel, finds
/// the earlier context wherever the session lives.
public distributed actor SessionActor: ShardedEntity {
    public typealias ActorSystem = ClusterSystem
    public static let kind = "session"

    private let journal: EntityJournal
    private let gate = SerialGate()
    private var session: Session

    public init(key: String, history: [[UInt8]], journal: EntityJournal, actorSystem: ClusterSystem) {
        self.actorSystem = actorSystem
        self.journal = journal
        var session = Session(customer: CustomerID(key.split(separator: "/").last.flatMap { UInt64($0) } ?? 0))
        for bytes in history {
            // A contact twice in the log (a retry whose first write was in doubt) counts once.
            if let entry = try? BinaryDecoder().decode(Session.Entry.self, from: bytes), session.before(entry.contact) == nil {
                session.append(entry)
            }
        }
        self.session = session
    }

    /// The sharded-entity key of a customer's session: customer IDs are each tenant's own.
    public static func key(tenant: TenantID, customer: CustomerID) -> String {
        "\(tenant.rawValue)/\(customer.rawValue)"
    }

    /// Adds `contact` to the timeline and returns the session as it was before: the
    /// context the agent or the flow should see. A contact already in the timeline (a
    /// retried call) is not added again, and the answer is the session before it.
    public distributed func record(_ contact: Contact, at time: Timestamp) async throws -> Session {
        try journal.ensureCurrent()
        let entry = Session.Entry(contact: contact.id, channel: contact.channel, intent: contact.intent,
                                  queue: contact.queue, at: time, previousContact: contact.previousContact)
        return try await gate.run {
            if let before = await self.before(contact.id) { return before }
            try await journal.record(try BinaryEncoder().encode(entry))
            return await self.append(entry)
        }
    }

    /// `record`, answering only how many contacts came before this one: what a new
    /// contact's answer carries, without sending a long customer's whole timeline.
    public distributed func recordCountingEarlier(_ contact: Contact, at time: Timestamp) async throws -> Int {
        try await record(contact, at: time).entries.count
    }

    public distributed func current() throws -> Session {
        try journal.ensureCurrent()
        return session
    }

    private func before(_ contact: ContactID) -> Session? {
        session.before(contact)
    }

    private func append(_ entry: Session.Entry) -> Session {
        let before = session
        session.append(entry)
        return before
    }
}
