import ContactCenter

/// Small builders for routing tests: a domain from queues, agents by skill levels, and an
/// engine wrapper that collects directives and fails loudly on refused events.
enum Fixture {
    static let region = RegionID(1)

    static func skill(_ id: UInt32, _ minimum: Int = 1) -> SkillRequirement {
        // Test fixtures use proficiencies in 1...5 only.
        try! SkillRequirement(SkillID(id), minimumProficiency: minimum)
    }

    static func agent(_ id: UInt32, skills: [(UInt32, Int)], capacity: [Channel: Int] = [.voice: 1], wrapUp: Double = 0) -> Agent {
        Agent(id: AgentID(id), region: region, skills: skills.map { try! SkillLevel(SkillID($0.0), proficiency: $0.1) },
              capacity: try! ChannelCapacity(capacity), wrapUpSeconds: wrapUp)
    }

    static func contact(_ id: UInt64, queue: UInt32, channel: Channel = .voice, tier: ValueTier = .standard) -> Contact {
        Contact(id: ContactID(id), channel: channel, customer: CustomerID(id), tier: tier, intent: "test", queue: QueueID(queue))
    }

    static func settings(missed: Int = 2, aging: Double = 120, timeout: Double = 15) -> RoutingSettings {
        try! RoutingSettings(offerTimeoutSeconds: timeout, missedOffersBeforeMissedStatus: missed, agingSecondsPerPriorityLevel: aging)
    }
}

/// A routing engine under test with the directives of its last event.
struct Harness {
    var engine: RoutingEngine
    var last: [RoutingDirective] = []
    var all: [RoutingDirective] = []

    init(queues: [Queue], settings: RoutingSettings = Fixture.settings()) throws {
        engine = try RoutingEngine(configuration: RoutingDomainConfiguration(tenant: TenantID(1), region: Fixture.region, queues: queues, settings: settings))
    }

    mutating func apply(_ event: RoutingEvent, at seconds: Double, explain: Bool = false) throws(RoutingError) {
        last = []
        defer { all += last }
        try engine.apply(event, at: Timestamp(seconds: seconds), explain: explain, into: &last)
    }

    mutating func add(_ agents: [Agent], at seconds: Double = 0, status: AgentStatus = .available) throws {
        for agent in agents { try apply(.agentAdded(agent, status: status), at: seconds) }
    }

    var offers: [Reservation] {
        last.compactMap { if case let .offer(reservation, _) = $0 { reservation } else { nil } }
    }

    /// The offers among the last event's directives, as (contact, agent) raw numbers.
    var offered: [(UInt64, UInt32)] { offers.map { ($0.contact.rawValue, $0.agent.rawValue) } }
}
