import ContactCenter

struct AgentRequest: Decodable {
    struct Skill: Codable {
        var skillId: Int
        var proficiency: Int
    }

    var name: String
    var region: String
    var skills: [Skill]
    /// Contacts the agent may hold at once per channel, e.g. {"voice": 1, "chat": 3}.
    var capacity: [String: Int]
    var wrapUpSeconds: Double?

    func agent(id: AgentID, settings: GatewaySettings) throws(Problem) -> (Agent, String) {
        guard let region = settings.region(named: region) else {
            throw FieldError(field: "region", problem: "must be one of \(settings.regions.joined(separator: ", "))").asProblem
        }
        _ = try Check.count(skills.count, 0...50, field: "skills")
        var levels: [SkillLevel] = []
        for (index, skill) in skills.enumerated() {
            let id = try Check.id(skill.skillId, field: "skills[\(index)].skillId")
            let proficiency = try Check.count(skill.proficiency, 1...5, field: "skills[\(index)].proficiency")
            guard let level = try? SkillLevel(SkillID(id), proficiency: proficiency) else {
                throw FieldError(field: "skills[\(index)]", problem: "is not a valid skill level").asProblem
            }
            levels.append(level)
        }
        var perChannel: [Channel: Int] = [:]
        for (name, count) in capacity {
            guard let channel = WireChannel(rawValue: name)?.channel else {
                throw FieldError(field: "capacity.\(name)",
                                 problem: "is not a channel; channels are \(WireChannel.allCases.map(\.rawValue).joined(separator: ", "))").asProblem
            }
            perChannel[channel] = try Check.count(count, 0...ChannelCapacity.maximum, field: "capacity.\(name)")
        }
        guard let capacity = try? ChannelCapacity(perChannel), capacity.total > 0 else {
            throw FieldError(field: "capacity", problem: "must allow at least one contact on some channel").asProblem
        }
        let wrapUp = try Check.range(wrapUpSeconds ?? 0, 0...3_600, field: "wrapUpSeconds")
        return (Agent(id: id, region: region, skills: levels, capacity: capacity, wrapUpSeconds: wrapUp),
                try Check.name(name, field: "name"))
    }
}

struct AgentView: Encodable {
    var agentId: UInt32
    var name: String
    var region: String
    var skills: [AgentRequest.Skill]
    var capacity: [String: Int]
    var wrapUpSeconds: Double

    init(_ stored: TenantProfile.TenantAgent, settings: GatewaySettings) {
        let agent = stored.agent
        agentId = agent.id.rawValue
        name = stored.name
        region = settings.name(of: agent.region) ?? "\(agent.region)"
        skills = agent.skills.map { .init(skillId: Int($0.skill.rawValue), proficiency: Int($0.proficiency)) }
        capacity = Dictionary(uniqueKeysWithValues: Channel.allCases.filter { agent.capacity[$0] > 0 }
            .map { (WireChannel($0).rawValue, agent.capacity[$0]) })
        wrapUpSeconds = agent.wrapUpSeconds
    }
}

struct StatusRequest: Decodable {
    var status: WireStatus
}

struct CompleteRequest: Decodable {
    /// Wrap-up notes; kept out of logs, which never carry customer data.
    var notes: String?
}

struct ReservationView: Encodable {
    var reservationId: String
    var contactId: String
    var agentId: UInt32
    var queueId: UInt32
    var channel: WireChannel
    var offeredAt: Double
    var expiresAt: Double

    init(_ reservation: Reservation) {
        reservationId = "\(reservation.id.rawValue)"
        contactId = "\(reservation.contact.rawValue)"
        agentId = reservation.agent.rawValue
        queueId = reservation.queue.rawValue
        channel = WireChannel(reservation.channel)
        offeredAt = reservation.offeredAt.seconds
        expiresAt = reservation.expiresAt.seconds
    }
}
