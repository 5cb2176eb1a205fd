/// The knobs of one routing domain, each with its default and the reason for it.
/// Validated at construction, so a running engine never meets a nonsensical value.
public struct RoutingSettings: Hashable, Sendable, Codable {
    /// How long an agent has to accept an offer before it times out. Default 15 s: about
    /// four rings of a phone, Amazon Connect's and TaskRouter's usual order of magnitude.
    public var offerTimeoutSeconds: Double
    /// Offers missed (rejected or timed out) in a row that set an agent's status to
    /// `missed`. Default 2: one miss is an accident, two mean nobody is at the desk.
    public var missedOffersBeforeMissedStatus: Int
    /// What one level of priority is worth in seconds of waiting. A contact ranks by
    /// `waitingSince − priority × this`, so a higher priority goes first unless a lower one
    /// has waited this much longer per level — priority ages and nothing starves.
    /// Default 120 s: VIP and priority queues win over minutes, not hours.
    public var agingSecondsPerPriorityLevel: Double
    /// Priority levels added to a contact's queue priority per value tier
    /// (standard, silver, gold, platinum). Default 0, 1, 10, 20.
    public var tierPriorityLevels: [Int]
    /// The lowest tier treated as VIP: ranked with its tier levels and offered to the most
    /// proficient eligible agent whatever the queue's strategy. Default gold.
    public var vipTier: ValueTier

    public init(
        offerTimeoutSeconds: Double = 15,
        missedOffersBeforeMissedStatus: Int = 2,
        agingSecondsPerPriorityLevel: Double = 120,
        tierPriorityLevels: [Int] = [0, 1, 10, 20],
        vipTier: ValueTier = .gold
    ) throws(RoutingConfigurationError) {
        guard offerTimeoutSeconds > 0 else { throw .settingOutOfRange(name: "offerTimeoutSeconds", value: "\(offerTimeoutSeconds)", expected: "> 0") }
        guard missedOffersBeforeMissedStatus >= 1 else {
            throw .settingOutOfRange(name: "missedOffersBeforeMissedStatus", value: "\(missedOffersBeforeMissedStatus)", expected: ">= 1")
        }
        guard agingSecondsPerPriorityLevel > 0 else {
            throw .settingOutOfRange(name: "agingSecondsPerPriorityLevel", value: "\(agingSecondsPerPriorityLevel)", expected: "> 0")
        }
        guard tierPriorityLevels.count == ValueTier.allCases.count else {
            throw .settingOutOfRange(name: "tierPriorityLevels", value: "\(tierPriorityLevels)", expected: "one level per value tier (\(ValueTier.allCases.count))")
        }
        self.offerTimeoutSeconds = offerTimeoutSeconds
        self.missedOffersBeforeMissedStatus = missedOffersBeforeMissedStatus
        self.agingSecondsPerPriorityLevel = agingSecondsPerPriorityLevel
        self.tierPriorityLevels = tierPriorityLevels
        self.vipTier = vipTier
    }

    /// The defaults above.
    public static let standard: RoutingSettings = {
        // The defaults satisfy every check in `init`, so this cannot fail.
        do { return try RoutingSettings() } catch { preconditionFailure("default routing settings are invalid: \(error)") }
    }()
}

/// Everything one routing engine routes: a tenant's queues in one region, and how.
public struct RoutingDomainConfiguration: Hashable, Sendable, Codable {
    public var tenant: TenantID
    public var region: RegionID
    public var queues: [Queue]
    public var settings: RoutingSettings

    public init(tenant: TenantID, region: RegionID, queues: [Queue], settings: RoutingSettings = .standard) {
        self.tenant = tenant
        self.region = region
        self.queues = queues
        self.settings = settings
    }
}
