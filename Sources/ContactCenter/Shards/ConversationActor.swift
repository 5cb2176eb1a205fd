import ClusterSystem
import Distributed
import Sharding

/// The messages of one contact: what the customer and the agent wrote on a chat-like
/// channel, and the agent's wrap-up notes. A sharded entity keyed by tenant and
/// contact, so a conversation lives on its own shard beside the routing domain.
public distributed actor ConversationActor: ShardedEntity {
    public typealias ActorSystem = ClusterSystem
    public static let kind = "conversation"
    /// A conversation keeps its newest messages up to this many.
    public static let retainedMessages = 1_000

    private let journal: EntityJournal
    private let gate = SerialGate()
    private var messages: [ConversationMessage] = []

    public init(key: String, history: [[UInt8]], journal: EntityJournal, actorSystem: ClusterSystem) {
        self.actorSystem = actorSystem
        self.journal = journal
        let recorded = history.compactMap { try? BinaryDecoder().decode(ConversationMessage.self, from: $0) }
        messages = Array(recorded.suffix(Self.retainedMessages))
    }

    public static func key(tenant: TenantID, contact: ContactID) -> String {
        "\(tenant.rawValue)/\(contact.rawValue)"
    }

    /// Adds a message once it is replicated, and returns its position. The same message
    /// again among the newest (same author, text and time to the microsecond) is a retried
    /// call that took effect, and is not added twice.
    public distributed func post(_ message: ConversationMessage) async throws -> Int {
        try journal.ensureCurrent()
        return try await gate.run {
            if let position = await self.position(of: message) { return position }
            try await journal.record(try BinaryEncoder().encode(message))
            return await self.append(message)
        }
    }

    public distributed func all() throws -> [ConversationMessage] {
        try journal.ensureCurrent()
        return messages
    }

    private func position(of message: ConversationMessage) -> Int? {
        messages.suffix(Self.retriedWindow).lastIndex(of: message).map { $0 + 1 }
    }

    /// How far back a retried message is looked for: a retry follows its first attempt
    /// within seconds, and few messages of one contact come in between.
    private static let retriedWindow = 32

    private func append(_ message: ConversationMessage) -> Int {
        keep(message)
        return messages.count
    }

    private func keep(_ message: ConversationMessage) {
        messages.append(message)
        if messages.count > Self.retainedMessages { messages.removeFirst(messages.count - Self.retainedMessages) }
    }
}

/// One message of a conversation.
public struct ConversationMessage: Hashable, Sendable, Codable {
    public enum Author: UInt8, Hashable, Sendable, Codable {
        case customer
        case agent
        /// The agent's wrap-up notes: for the tenant's records, not for the customer.
        case note
    }

    public var author: Author
    public var agent: AgentID?
    public var text: String
    public var at: Timestamp

    public init(author: Author, agent: AgentID?, text: String, at: Timestamp) {
        self.author = author
        self.agent = agent
        self.text = text
        self.at = at
    }
}
