/// The tenant under test: its queues (one skill, `support`) and its agents per region.
public struct TenantShape: Codable, Sendable, Equatable {
    public struct Queue: Codable, Sendable, Equatable {
        public var id: Int
        public var region: String
        /// Past this wait, a contact moves to `overflow.queue` in that queue's region.
        public var overflow: Overflow?

        public init(id: Int, region: String, overflow: Overflow? = nil) {
            self.id = id
            self.region = region
            self.overflow = overflow
        }
    }

    public struct Overflow: Codable, Sendable, Equatable {
        public var afterSeconds: Int
        public var queue: Int

        public init(afterSeconds: Int, queue: Int) {
            self.afterSeconds = afterSeconds
            self.queue = queue
        }
    }

    public struct Agents: Codable, Sendable, Equatable {
        public var region: String
        public var count: Int
        /// Contacts at once per channel, e.g. voice 1, chat 2.
        public var capacity: [String: Int]
        public var wrapUpSeconds: Int

        public init(region: String, count: Int, capacity: [String: Int], wrapUpSeconds: Int = 1) {
            self.region = region
            self.count = count
            self.capacity = capacity
            self.wrapUpSeconds = wrapUpSeconds
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            region = try container.decode(String.self, forKey: .region)
            count = try container.decode(Int.self, forKey: .count)
            capacity = try container.decode([String: Int].self, forKey: .capacity)
            wrapUpSeconds = try container.decodeIfPresent(Int.self, forKey: .wrapUpSeconds) ?? 1
        }
    }

    public var queues: [Queue]
    public var agents: [Agents]

    public init(queues: [Queue], agents: [Agents]) {
        self.queues = queues
        self.agents = agents
    }

    public static let channels: Set<String> = ["voice", "chat", "wechat", "douyin", "email", "video"]

    public func queue(_ id: Int) -> Queue? { queues.first { $0.id == id } }

    func validate(regions: [String]) throws(ScenarioError) {
        guard !queues.isEmpty else { throw ScenarioError(path: "tenant.queues", problem: "must have at least one queue") }
        guard Set(queues.map(\.id)).count == queues.count else {
            throw ScenarioError(path: "tenant.queues", problem: "must not use an id twice")
        }
        for (index, queue) in queues.enumerated() {
            let path = "tenant.queues[\(index)]"
            guard (1...1_000).contains(queue.id) else { throw ScenarioError(path: path + ".id", problem: "must be from 1 to 1000") }
            guard regions.contains(queue.region) else {
                throw ScenarioError(path: path + ".region", problem: "must be one of the cluster's regions \(regions)")
            }
            if let overflow = queue.overflow {
                guard overflow.queue != queue.id, self.queue(overflow.queue) != nil else {
                    throw ScenarioError(path: path + ".overflow.queue", problem: "must be another queue of the tenant")
                }
                guard (1...3_600).contains(overflow.afterSeconds) else {
                    throw ScenarioError(path: path + ".overflow.afterSeconds", problem: "must be from 1 to 3600")
                }
            }
        }
        guard !agents.isEmpty else { throw ScenarioError(path: "tenant.agents", problem: "must have at least one group") }
        for (index, group) in agents.enumerated() {
            let path = "tenant.agents[\(index)]"
            guard regions.contains(group.region) else {
                throw ScenarioError(path: path + ".region", problem: "must be one of the cluster's regions \(regions)")
            }
            guard (1...200).contains(group.count) else { throw ScenarioError(path: path + ".count", problem: "must be from 1 to 200") }
            guard !group.capacity.isEmpty else {
                throw ScenarioError(path: path + ".capacity", problem: "must give at least one channel")
            }
            for (channel, slots) in group.capacity {
                guard Self.channels.contains(channel) else {
                    throw ScenarioError(path: path + ".capacity.\(channel)", problem: "is not a channel: \(Self.channels.sorted())")
                }
                guard (1...10).contains(slots) else {
                    throw ScenarioError(path: path + ".capacity.\(channel)", problem: "must be from 1 to 10")
                }
            }
            guard (0...60).contains(group.wrapUpSeconds) else {
                throw ScenarioError(path: path + ".wrapUpSeconds", problem: "must be from 0 to 60")
            }
        }
    }
}
