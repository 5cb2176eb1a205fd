/// A value of the domain model that cannot exist, with the context needed to correct it.
public enum DomainError: Error, Hashable, Sendable, CustomStringConvertible {
    case proficiencyOutOfRange(skill: SkillID, proficiency: Int)
    case capacityOutOfRange(channel: Channel, capacity: Int)
    case serviceLevelOutOfRange(fraction: Double, thresholdSeconds: Double)
    case businessHoursWindowInvalid(openSecondOfWeek: Int, closeSecondOfWeek: Int)

    public var description: String {
        switch self {
        case let .proficiencyOutOfRange(skill, proficiency):
            "proficiency \(proficiency) for \(skill) is outside 1...5"
        case let .capacityOutOfRange(channel, capacity):
            "capacity \(capacity) on \(channel) is outside 0...\(ChannelCapacity.maximum)"
        case let .serviceLevelOutOfRange(fraction, threshold):
            "service-level target \(fraction) in \(threshold) s needs a fraction in 0...1 and a positive threshold"
        case let .businessHoursWindowInvalid(open, close):
            "business-hours window \(open)..<\(close) must lie within one week (0...604800) and open before it closes"
        }
    }
}
