import ClusterSystem
import Distributed
import Sharding

/// One customer's session as a sharded entity keyed by tenant and customer ID, so sessions
/// spread over every shard: a contact from a known customer, on any channel, finds
/// the earlier context wherever the session lives.
///
/// A session is a projection of its tenant's routing domains: each domain sends the
/// contacts that arrived in its log to their customers' sessions (`SessionFeed`), so
/// the session has nothing to record itself and answers reads only.
public distributed actor SessionActor: ShardedEntity {
    public typealias ActorSystem = ClusterSystem
    public static let kind = "session"

    private let journal: EntityJournal
    private let session: Session

    public init(key: String, history: [[UInt8]], journal: EntityJournal, actorSystem: ClusterSystem) {
        self.actorSystem = actorSystem
        self.journal = journal
        var session = Session(customer: CustomerID(key.split(separator: "/").last.flatMap { UInt64($0) } ?? 0))
        var held: Set<ContactID> = []
        for bytes in history {
            // A contact sent twice (by a domain's new primary, or a retry) counts once.
            if let entry = try? BinaryDecoder().decode(Session.Entry.self, from: bytes), held.insert(entry.contact).inserted {
                session.append(entry)
            }
        }
        self.session = session
    }

    /// The sharded-entity key of a customer's session: customer IDs are each tenant's own.
    public static func key(tenant: TenantID, customer: CustomerID) -> String {
        "\(tenant.rawValue)/\(customer.rawValue)"
    }

    public distributed func current() throws -> Session {
        try journal.ensureCurrent()
        return session
    }
}
