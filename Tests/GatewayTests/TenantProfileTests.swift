import ContactCenter
import Testing
@testable import Gateway

struct TenantProfileTests {
    private func queue(_ id: UInt32, region: UInt32) throws -> TenantProfile.TenantQueue {
        .init(queue: Queue(id: QueueID(id), requirements: [try SkillRequirement(SkillID(1))]), region: RegionID(region))
    }

    @Test func keysAreFoundByHashAndRevoked() throws {
        var profile = TenantProfile(id: TenantID(5), name: "Acme")
        let key = APIKey.generate(for: TenantID(5))
        try profile.apply(.keyAdded(.init(id: key.id, hash: key.hash, role: .supervisor, agent: nil, createdAt: 0)))
        #expect(profile.key(matching: key)?.role == .supervisor)
        var forged = key
        forged.secret = String(repeating: "0", count: 32)
        #expect(profile.key(matching: forged) == nil)
        var otherTenant = key
        otherTenant.tenant = TenantID(6)
        #expect(profile.key(matching: otherTenant) == nil)
        #expect(throws: TenantChangeError.duplicateKey(key.id)) {
            try profile.apply(.keyAdded(.init(id: key.id, hash: key.hash, role: .admin, agent: nil, createdAt: 0)))
        }
        // The same key again is a retried call: applied, changing nothing.
        let before = profile
        try profile.apply(.keyAdded(.init(id: key.id, hash: key.hash, role: .supervisor, agent: nil, createdAt: 0)))
        #expect(profile == before)
        try profile.apply(.keyRevoked(key.id))
        #expect(profile.key(matching: key) == nil)
        #expect(throws: TenantChangeError.unknownKey(key.id)) { try profile.apply(.keyRevoked(key.id)) }
    }

    @Test func agentKeysNeedTheAgent() {
        var profile = TenantProfile(id: TenantID(5), name: "Acme")
        #expect(throws: TenantChangeError.unknownAgent(AgentID(3))) {
            try profile.apply(.keyAdded(.init(id: "0000000a", hash: "", role: .agent, agent: AgentID(3), createdAt: 0)))
        }
    }

    @Test func eachRegionGetsItsOwnQueuesAndNothingMovesRegion() throws {
        var profile = TenantProfile(id: TenantID(5), name: "Acme")
        try profile.apply(.queueSet(try queue(2, region: 1)))
        try profile.apply(.queueSet(try queue(1, region: 1)))
        try profile.apply(.queueSet(try queue(3, region: 2)))
        #expect(profile.routingConfiguration(region: RegionID(1)).queues.map(\.id) == [QueueID(1), QueueID(2)])
        #expect(profile.routingConfiguration(region: RegionID(2)).queues.map(\.id) == [QueueID(3)])
        #expect(throws: TenantChangeError.queueMovesRegion(QueueID(3))) { try profile.apply(.queueSet(try queue(3, region: 1))) }
        let agent = Agent(id: AgentID(4), region: RegionID(1), skills: [])
        try profile.apply(.agentSet(.init(agent: agent, name: "Mei")))
        var moved = agent
        moved.region = RegionID(2)
        #expect(throws: TenantChangeError.agentMovesRegion(AgentID(4))) { try profile.apply(.agentSet(.init(agent: moved, name: "Mei"))) }
        #expect(profile.region(of: AgentID(4)) == RegionID(1))
    }
}
