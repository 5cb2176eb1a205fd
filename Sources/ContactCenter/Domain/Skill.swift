/// An agent's command of one skill, on the 1–5 scale contact centers use
/// (1 = can handle simple cases, 5 = expert).
public struct SkillLevel: Hashable, Sendable, Codable {
    public var skill: SkillID
    public var proficiency: UInt8

    public static let proficiencyRange: ClosedRange<Int> = 1...5

    public init(_ skill: SkillID, proficiency: Int) throws(DomainError) {
        guard Self.proficiencyRange.contains(proficiency) else {
            throw .proficiencyOutOfRange(skill: skill, proficiency: proficiency)
        }
        self.skill = skill
        self.proficiency = UInt8(proficiency)
    }
}

/// What a queue (or one bullseye ring of it) asks of an agent: the skill at no less than
/// `minimumProficiency`.
public struct SkillRequirement: Hashable, Sendable, Codable {
    public var skill: SkillID
    public var minimumProficiency: UInt8

    public init(_ skill: SkillID, minimumProficiency: Int = 1) throws(DomainError) {
        guard SkillLevel.proficiencyRange.contains(minimumProficiency) else {
            throw .proficiencyOutOfRange(skill: skill, proficiency: minimumProficiency)
        }
        self.skill = skill
        self.minimumProficiency = UInt8(minimumProficiency)
    }

    /// Whether an agent with `skills` meets this requirement.
    public func isMet(by skills: [SkillLevel]) -> Bool {
        skills.contains { $0.skill == skill && $0.proficiency >= minimumProficiency }
    }

    /// Whether every agent meeting `self` also meets `other` (same skill, no higher bar).
    public func implies(_ other: SkillRequirement) -> Bool {
        skill == other.skill && minimumProficiency >= other.minimumProficiency
    }
}
