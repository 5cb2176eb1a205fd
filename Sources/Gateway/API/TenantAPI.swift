import ContactCenter

struct CreateTenantRequest: Decodable {
    var name: String
}

struct TenantCreated: Encodable {
    var tenantId: UInt32
    var name: String
    /// The first admin key, shown this once.
    var adminKey: String
}

struct TenantView: Encodable {
    var tenantId: UInt32
    var name: String
    var regions: [String]
    var queues: Int
    var agents: Int
    var skills: Int
}

struct CreateKeyRequest: Decodable {
    var role: Role
    /// Required for agent keys: the agent the key acts as.
    var agentId: Int?
}

struct KeyCreated: Encodable {
    var keyId: String
    /// Shown this once; only its hash is stored.
    var key: String
    var role: Role
    var agentId: UInt32?
}

struct KeyView: Encodable {
    var keyId: String
    var role: Role
    var agentId: UInt32?
    var createdAt: Double

    init(_ key: TenantProfile.StoredKey) {
        keyId = key.id
        role = key.role
        agentId = key.agent?.rawValue
        createdAt = key.createdAt
    }
}

struct SkillRequest: Decodable {
    var name: String
}

struct SkillView: Encodable {
    var skillId: UInt32
    var name: String
}

struct ListView<Item: Encodable>: Encodable {
    var items: [Item]
}
