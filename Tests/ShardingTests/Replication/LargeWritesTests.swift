import ClusterSystem
import ClusterTestKit
import Sharding
import Testing

/// Writes near the payload limit: batches, rounds and install pages must stay under
/// the transport's frame limit, or a shard could never be installed on a new backup.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct LargeWritesTests {
    @Test func aShardOfLargeEntriesIsWrittenAndMovesWithinTheFrameLimit() async throws {
        let hosts = try await ShardHosts { _ in }
        await hosts.show([0, 1, 2])
        let client = ShardClient(system: hosts.systems[0], entryPoints: hosts.addresses)
        let shard = ShardID(9)
        let payload = [UInt8](repeating: 0xAB, count: 60 * 1024)
        // 240 writes of 60 KiB at once: 14 MiB, more than any one frame may carry.
        let acknowledged = try await withThrowingTaskGroup(of: (UInt64, Acknowledgement).self) { group in
            for number in UInt64(1)...240 {
                group.addTask {
                    (number, try await client.write(payload, to: shard, as: RequestID(client: 1, number: number), deadline: .seconds(30)))
                }
            }
            return try await group.reduce(into: [UInt64: Acknowledgement]()) { $0[$1.0] = $1.1 }
        }
        #expect(Set(acknowledged.values.map(\.position.sequence)) == Set(1...240))

        let primary = try #require(await hosts.primary(of: shard, among: [0, 1, 2]))
        let survivors = [0, 1, 2].filter { $0 != primary }
        await hosts.lose(primary)
        await hosts.show(survivors)
        let after = ShardClient(system: hosts.systems[survivors[0]], entryPoints: survivors.map { hosts.addresses[$0] })
        let next = try await after.write([1], to: shard, as: RequestID(client: 1, number: 241), deadline: .seconds(30))
        #expect(next.position.sequence == 241)
        // A retry of an early write is answered from the moved log, not appended again.
        let retried = try await after.write(payload, to: shard, as: RequestID(client: 1, number: 7), deadline: .seconds(30))
        #expect(retried.position == acknowledged[7]?.position)
        await hosts.shutdown()
    }
}
