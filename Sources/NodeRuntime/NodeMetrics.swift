import Membership
import Metrics
import Sharding

/// A node's cluster figures for Prometheus, sampled every two seconds: members by
/// state as this node sees them, the shards it serves, how far each shard's backup
/// trails its primary here, and the entities active here. Idle entities are let go
/// of every 30 s on the same loop.
enum NodeMetrics {
    static let interval = Duration.seconds(2)
    static let passivationRounds = 15

    static func run(membership: MembershipService, shards: ShardManager) async {
        let lagGauges = ShardLagGauges()
        var round = 0
        while !Task.isCancelled {
            round += 1
            if round % passivationRounds == 0, let active = await shards.whenLocal({ $0.passivateIdleEntities() }) {
                Gauge(label: "switchboard_entities_active").record(active)
            }
            if let status = await membership.whenLocal({ $0.status() }) {
                for state in MemberState.allCases {
                    Gauge(label: "switchboard_members", dimensions: [("state", "\(state)")])
                        .record(status.members.filter { $0.member.state == state }.count)
                }
                Gauge(label: "switchboard_isolated").record(status.isolated ? 1 : 0)
            }
            let rows = await shards.whenLocal { $0.status() } ?? []
            let primaries = rows.filter { $0.role == .primary }
            Gauge(label: "switchboard_shards_primary").record(primaries.count)
            Gauge(label: "switchboard_shards_backup").record(rows.filter { $0.role == .backup }.count)
            lagGauges.record(primaries)
            try? await Task.sleep(for: interval)
        }
    }
}

/// One gauge per shard this node is primary of; a shard that moved away reads 0.
private final class ShardLagGauges {
    private var reported: Set<ShardID> = []

    func record(_ primaries: [ShardStatus]) {
        var now: Set<ShardID> = []
        for status in primaries {
            now.insert(status.shard)
            gauge(status.shard).record(Int(status.replicationLag ?? 0))
        }
        for shard in reported.subtracting(now) { gauge(shard).record(0) }
        reported = now
    }

    private func gauge(_ shard: ShardID) -> Gauge {
        Gauge(label: "switchboard_replication_lag_entries", dimensions: [("shard", "\(shard.rawValue)")])
    }
}
