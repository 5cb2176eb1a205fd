import Membership
import Sharding

extension ClusterView {
    /// Sharding's view of a membership status: alive and suspect members own shards
    /// (a suspect may refute; moving its shards on every suspicion would thrash),
    /// the dead, the departed and a node still joining own none.
    init(_ status: MembershipStatus) {
        let live = status.members.map(\.member).filter { $0.state == .alive || $0.state == .suspect }
        self.init(members: live.map { Member(identity: $0.identity, region: $0.region) }.sorted { $0.identity.address < $1.identity.address },
                  isolated: status.isolated)
    }
}

/// Keeps the shard host's view in step with membership: every membership event and
/// every downing decision sends it the current status.
enum ShardViewFeed {
    static func run(membership: MembershipService, shards: ShardManager) async {
        guard let events = await membership.whenLocal({ $0.subscribe() }),
              let decisions = await membership.whenLocal({ $0.downingDecisions() }) else { return }
        let refresh: @Sendable () async -> Void = {
            guard let status = try? await membership.status() else { return }
            await shards.whenLocal { $0.update(ClusterView(status)) }
        }
        await refresh()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for await _ in events { await refresh() } }
            group.addTask { for await _ in decisions { await refresh() } }
        }
    }
}
