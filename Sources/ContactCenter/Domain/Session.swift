/// One customer's timeline across channels: every contact they made, in order, with what it
/// was about — so a WeChat message after a phone call finds the call's context.
public struct Session: Hashable, Sendable, Codable {
    public struct Entry: Hashable, Sendable, Codable {
        public var contact: ContactID
        public var channel: Channel
        public var intent: String
        public var queue: QueueID
        public var at: Timestamp
        public var previousContact: ContactID?
    }

    public var customer: CustomerID
    public private(set) var entries: [Entry]

    public init(customer: CustomerID) {
        self.customer = customer
        entries = []
    }

    /// The customer's most recent contact, if any.
    public var latest: Entry? { entries.last }

    /// The channels the customer has used, in order of first use.
    public var channels: [Channel] {
        var seen: [Channel] = []
        for entry in entries where !seen.contains(entry.channel) { seen.append(entry.channel) }
        return seen
    }

    mutating func append(_ entry: Entry) { entries.append(entry) }
}

/// The sessions of many customers, keyed by customer. `record` returns the session *before*
/// the new contact is added — the earlier context an agent or a flow should see.
public struct SessionBook: Sendable {
    private var sessions: [CustomerID: Session] = [:]

    public init() {}

    public var count: Int { sessions.count }

    public func session(for customer: CustomerID) -> Session? { sessions[customer] }

    /// Adds `contact` to its customer's timeline and returns the timeline as it was before.
    @discardableResult
    public mutating func record(_ contact: Contact, at time: Timestamp) -> Session {
        let before = sessions[contact.customer] ?? Session(customer: contact.customer)
        var after = before
        after.append(Session.Entry(contact: contact.id, channel: contact.channel, intent: contact.intent,
                                   queue: contact.queue, at: time, previousContact: contact.previousContact))
        sessions[contact.customer] = after
        return before
    }
}
