import Storage
import Testing

@Suite struct NodeIdentityStoreTests {
    @Test func nodeIDIsStableAndGenerationGrowsOnEveryOpen() throws {
        try withTemporaryDirectory { path in
            var identities: [StoredNodeIdentity] = []
            for _ in 0..<4 {
                let database = try Database.open(at: path)
                identities.append(try NodeIdentityStore.loadAndAdvance(in: database))
                #expect(try NodeIdentityStore.current(in: database) == identities.last)
            }
            #expect(identities.map(\.generation) == [1, 2, 3, 4])
            #expect(Set(identities.map(\.nodeID)).count == 1)
            #expect(identities[0].nodeID.count == 36)
        }
    }

    @Test func separateDataDirsAreSeparateNodes() throws {
        try withTemporaryDirectory { path in
            let first = try NodeIdentityStore.loadAndAdvance(in: Database.open(at: path + "-a"))
            let second = try NodeIdentityStore.loadAndAdvance(in: Database.open(at: path + "-b"))
            #expect(first.nodeID != second.nodeID)
            #expect(first.generation == 1 && second.generation == 1)
        }
    }

    @Test func freshDatabaseHasNoIdentity() throws {
        try withTemporaryDirectory { path in
            let database = try Database.open(at: path)
            #expect(try NodeIdentityStore.current(in: database) == nil)
        }
    }
}
