/// An agent as configured: who they are, what they can do and how much at once.
///
/// What the agent *chooses* (`AgentStatus`) and what the system *sets* (`AgentState`) are
/// kept apart and live in the routing engine, not here.
public struct Agent: Hashable, Sendable, Codable {
    public var id: AgentID
    public var region: RegionID
    public var skills: [SkillLevel]
    public var capacity: ChannelCapacity
    /// After-contact work: how long the agent's slot stays taken once a contact ends.
    public var wrapUpSeconds: Double

    public init(id: AgentID, region: RegionID, skills: [SkillLevel], capacity: ChannelCapacity = .voiceOnly, wrapUpSeconds: Double = 0) {
        self.id = id
        self.region = region
        self.skills = skills
        self.capacity = capacity
        self.wrapUpSeconds = max(0, wrapUpSeconds)
    }

    /// The agent's proficiency in `skill`, 0 if they lack it.
    public func proficiency(in skill: SkillID) -> UInt8 {
        skills.first { $0.skill == skill }?.proficiency ?? 0
    }
}

/// What the agent chooses (or, for `missed`, what the engine sets after repeated missed
/// offers until the agent chooses again). Only `available` agents receive offers.
public enum AgentStatus: UInt8, Hashable, Sendable, Codable, CustomStringConvertible {
    case available
    case onBreak
    case offline
    /// Set by the engine after `RoutingSettings.missedOffersBeforeMissedStatus` offers in a
    /// row were rejected or timed out; the agent leaves it by choosing a status again.
    case missed

    public var description: String {
        switch self {
        case .available: "available"
        case .onBreak: "break"
        case .offline: "offline"
        case .missed: "missed"
        }
    }
}

/// What the system says the agent is doing, derived from the contacts they hold:
/// any offer pending → reserved, else any contact connected → busy, else any in
/// after-contact work → wrap-up, else idle.
public enum AgentState: UInt8, Hashable, Sendable, Codable, CustomStringConvertible {
    case idle, reserved, busy, wrapUp

    public var description: String {
        switch self {
        case .idle: "idle"
        case .reserved: "reserved"
        case .busy: "busy"
        case .wrapUp: "wrap-up"
        }
    }
}
