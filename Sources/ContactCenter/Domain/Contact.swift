/// A customer's value to the tenant. Tiers at or above `RoutingSettings.vipTier` jump ahead
/// in their queue and go to the most proficient eligible agent.
public enum ValueTier: UInt8, Hashable, Comparable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case standard, silver, gold, platinum

    public static func < (lhs: ValueTier, rhs: ValueTier) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .standard: "standard"
        case .silver: "silver"
        case .gold: "gold"
        case .platinum: "platinum"
        }
    }
}

/// A contact as it enters routing: who, on which channel, about what, for which queue.
public struct Contact: Hashable, Sendable, Codable {
    public var id: ContactID
    public var channel: Channel
    public var customer: CustomerID
    public var tier: ValueTier
    /// What the customer wants, as recognised by IVR or self-service ("billing.dispute").
    public var intent: String
    public var attributes: [String: String]
    public var queue: QueueID
    /// When the customer started waiting. Kept across cross-queue and cross-region overflow,
    /// so the contact's wait (and rank) travel with it; nil means "when it arrives here".
    public var waitingSince: Timestamp?
    /// The contact this one continues after a transfer, as Amazon Connect links them.
    public var previousContact: ContactID?

    public init(
        id: ContactID,
        channel: Channel,
        customer: CustomerID,
        tier: ValueTier = .standard,
        intent: String = "",
        attributes: [String: String] = [:],
        queue: QueueID,
        waitingSince: Timestamp? = nil,
        previousContact: ContactID? = nil
    ) {
        self.id = id
        self.channel = channel
        self.customer = customer
        self.tier = tier
        self.intent = intent
        self.attributes = attributes
        self.queue = queue
        self.waitingSince = waitingSince
        self.previousContact = previousContact
    }
}
