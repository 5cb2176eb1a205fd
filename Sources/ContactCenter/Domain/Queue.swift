/// A queue as configured: which agents may serve it, in what order its contacts rank, how it
/// chooses agents, and when contacts widen or leave.
///
/// Requirements are conjunctive: an agent must meet every one. Rings in `bullseye` must each
/// be at least as wide as the one before (checked when a routing domain is configured).
public struct Queue: Hashable, Sendable, Codable {
    public var id: QueueID
    public var name: String
    public var requirements: [SkillRequirement]
    /// Higher goes first; each level is worth `RoutingSettings.agingSecondsPerPriorityLevel`
    /// seconds of waiting.
    public var priority: Int
    public var serviceLevel: ServiceLevelTarget
    public var strategy: RoutingStrategy
    /// Widening of the skill requirement after configured waits, innermost ring first.
    public var bullseye: [BullseyeRing]
    /// Overflow to another queue or region after configured waits, in order of `afterSeconds`.
    public var overflow: [OverflowRule]
    /// A contact waiting this long leaves the domain (state `overflowed`, reason
    /// `maxWaitExceeded`) for the shell's fallback such as voicemail or a callback.
    public var maxWaitSeconds: Double?
    /// Arrivals past this many waiting contacts are refused with `RoutingError.queueFull`.
    public var maxLength: Int?
    public var businessHours: BusinessHours

    public init(
        id: QueueID,
        name: String = "",
        requirements: [SkillRequirement],
        priority: Int = 0,
        serviceLevel: ServiceLevelTarget = .eightyTwenty,
        strategy: RoutingStrategy = .longestIdle,
        bullseye: [BullseyeRing] = [],
        overflow: [OverflowRule] = [],
        maxWaitSeconds: Double? = nil,
        maxLength: Int? = nil,
        businessHours: BusinessHours = .always
    ) {
        self.id = id
        self.name = name.isEmpty ? id.description : name
        self.requirements = requirements
        self.priority = priority
        self.serviceLevel = serviceLevel
        self.strategy = strategy
        self.bullseye = bullseye.sorted { $0.afterSeconds < $1.afterSeconds }
        self.overflow = overflow.sorted { $0.afterSeconds < $1.afterSeconds }
        self.maxWaitSeconds = maxWaitSeconds
        self.maxLength = maxLength
        self.businessHours = businessHours
    }
}
