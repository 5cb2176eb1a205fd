import Membership
import Metrics
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
/// every downing decision makes it read the current status. One loop reads and
/// applies, so a status read earlier can never overwrite a newer one.
enum ShardViewFeed {
    static func run(membership: MembershipService, shards: ShardManager) async {
        guard let events = await membership.whenLocal({ $0.subscribe() }),
              let decisions = await membership.whenLocal({ $0.downingDecisions() }) else { return }
        // Changes that arrive while a status is being read collapse into one more read.
        let (changes, change) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        change.yield()
        let membershipChanges = Counter(label: "switchboard_membership_changes_total")
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in events {
                    membershipChanges.increment()
                    change.yield()
                }
                change.finish()
            }
            group.addTask {
                for await _ in decisions { change.yield() }
                change.finish()
            }
            group.addTask {
                for await _ in changes {
                    guard let status = try? await membership.status() else { continue }
                    await shards.whenLocal { $0.update(ClusterView(status)) }
                }
            }
        }
    }
}
