import ContactCenter

struct QueueRequest: Decodable {
    struct Requirement: Codable {
        var skillId: Int
        var minProficiency: Int?
    }

    struct ServiceLevel: Codable {
        /// Share of contacts to answer within `seconds`, in percent.
        var percent: Double
        var seconds: Double
    }

    struct Overflow: Codable {
        var afterSeconds: Double
        /// Another queue of the tenant in the same region, or in `region`.
        var queueId: Int
        var region: String?
    }

    var name: String
    var region: String
    var skills: [Requirement]
    var priority: Int?
    var serviceLevel: ServiceLevel?
    var strategy: WireStrategy?
    var overflow: [Overflow]?
    var maxWaitSeconds: Double?
    var maxLength: Int?

    /// The queue this request describes, checked field by field.
    func queue(id: QueueID, settings: GatewaySettings) throws(Problem) -> (Queue, RegionID) {
        guard let regionID = settings.region(named: region) else {
            throw FieldError(field: "region", problem: "must be one of \(settings.regions.joined(separator: ", "))").asProblem
        }
        _ = try Check.count(skills.count, 0...20, field: "skills")
        var requirements: [SkillRequirement] = []
        for (index, requirement) in skills.enumerated() {
            let skill = try Check.id(requirement.skillId, field: "skills[\(index)].skillId")
            let minimum = try Check.count(requirement.minProficiency ?? 1, 1...5, field: "skills[\(index)].minProficiency")
            guard let built = try? SkillRequirement(SkillID(skill), minimumProficiency: minimum) else {
                throw FieldError(field: "skills[\(index)]", problem: "is not a valid requirement").asProblem
            }
            requirements.append(built)
        }
        var target = ServiceLevelTarget.eightyTwenty
        if let serviceLevel {
            let percent = try Check.range(serviceLevel.percent, 1...100, field: "serviceLevel.percent")
            let seconds = try Check.range(serviceLevel.seconds, 1...86_400, field: "serviceLevel.seconds")
            guard let built = try? ServiceLevelTarget(fraction: percent / 100, thresholdSeconds: seconds) else {
                throw FieldError(field: "serviceLevel", problem: "is not a valid target").asProblem
            }
            target = built
        }
        var rules: [OverflowRule] = []
        for (index, rule) in (overflow ?? []).enumerated() {
            let after = try Check.range(rule.afterSeconds, 0...86_400, field: "overflow[\(index)].afterSeconds")
            let destination = QueueID(try Check.id(rule.queueId, field: "overflow[\(index)].queueId"))
            if let name = rule.region, name != region {
                guard let other = settings.region(named: name) else {
                    throw FieldError(field: "overflow[\(index)].region",
                                     problem: "must be one of \(settings.regions.joined(separator: ", "))").asProblem
                }
                rules.append(OverflowRule(afterSeconds: after, destination: .region(other, queue: destination)))
            } else {
                rules.append(OverflowRule(afterSeconds: after, destination: .queue(destination)))
            }
        }
        let queue = Queue(
            id: id, name: try Check.name(name, field: "name"), requirements: requirements,
            priority: try Check.count(priority ?? 0, -100...100, field: "priority"), serviceLevel: target,
            strategy: (strategy ?? .longestIdle).strategy, overflow: rules,
            maxWaitSeconds: try maxWaitSeconds.map { w throws(Problem) in try Check.range(w, 1...86_400, field: "maxWaitSeconds") },
            maxLength: try maxLength.map { n throws(Problem) in try Check.count(n, 1...1_000_000, field: "maxLength") })
        return (queue, regionID)
    }
}

struct QueueView: Encodable {
    var queueId: UInt32
    var name: String
    var region: String
    var skills: [QueueRequest.Requirement]
    var priority: Int
    var serviceLevel: QueueRequest.ServiceLevel
    var strategy: WireStrategy
    var overflow: [QueueRequest.Overflow]
    var maxWaitSeconds: Double?
    var maxLength: Int?

    init(_ stored: TenantProfile.TenantQueue, settings: GatewaySettings) {
        let queue = stored.queue
        queueId = queue.id.rawValue
        name = queue.name
        region = settings.name(of: stored.region) ?? "\(stored.region)"
        skills = queue.requirements.map { .init(skillId: Int($0.skill.rawValue), minProficiency: Int($0.minimumProficiency)) }
        priority = queue.priority
        // Stored as a fraction; shown as the percentage it was set as, without float noise.
        serviceLevel = .init(percent: (queue.serviceLevel.fraction * 100 * 1e6).rounded() / 1e6,
                             seconds: queue.serviceLevel.thresholdSeconds)
        strategy = WireStrategy(queue.strategy)
        overflow = queue.overflow.map { rule in
            switch rule.destination {
            case .queue(let destination):
                .init(afterSeconds: rule.afterSeconds, queueId: Int(destination.rawValue), region: nil)
            case .region(let other, let destination):
                .init(afterSeconds: rule.afterSeconds, queueId: Int(destination.rawValue), region: settings.name(of: other))
            }
        }
        maxWaitSeconds = queue.maxWaitSeconds
        maxLength = queue.maxLength
    }
}
