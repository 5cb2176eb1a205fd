/// One ring of a bullseye: after a contact has waited `afterSeconds` in its queue, agents
/// meeting `requirements` (a wider set than the ring before) become eligible too.
public struct BullseyeRing: Hashable, Sendable, Codable {
    public var afterSeconds: Double
    /// An empty list means any agent who takes the contact's channel.
    public var requirements: [SkillRequirement]

    public init(afterSeconds: Double, requirements: [SkillRequirement]) {
        self.afterSeconds = afterSeconds
        self.requirements = requirements
    }
}

/// Where a waiting contact goes when its overflow rule fires.
public enum OverflowDestination: Hashable, Sendable, Codable {
    /// Move to another queue of the same routing domain, keeping the contact's wait time.
    case queue(QueueID)
    /// Ask another region's routing domain to take it; the contact keeps waiting here until
    /// that region confirms (`RoutingEvent.regionOverflowAccepted`) or declines.
    case region(RegionID, queue: QueueID)
}

/// "After `afterSeconds` in this queue, send the contact to `destination`."
public struct OverflowRule: Hashable, Sendable, Codable {
    public var afterSeconds: Double
    public var destination: OverflowDestination

    public init(afterSeconds: Double, destination: OverflowDestination) {
        self.afterSeconds = afterSeconds
        self.destination = destination
    }
}
