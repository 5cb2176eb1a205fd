import Foundation
import Synchronization

/// Who this node is across restarts: a node ID created once with the data directory, and a
/// generation that grows by one on every start. The transport's handshake carries both, so a
/// node restarted on the same address is recognized as a new incarnation.
public struct StoredNodeIdentity: Sendable, Equatable, CustomStringConvertible {
    public let nodeID: String
    public let generation: UInt64

    public init(nodeID: String, generation: UInt64) {
        self.nodeID = nodeID
        self.generation = generation
    }

    public var description: String { "\(nodeID)#\(generation)" }
}

/// Keeps `StoredNodeIdentity` in the `meta` column family.
public enum NodeIdentityStore {
    static let records = Keyspace<String, [UInt8]>("node-identity", in: .meta)
    static let nodeIDKey = "node-id"
    static let generationKey = "generation"

    /// Serializes the read-increment-write within this process; other processes are kept out by
    /// the data directory's lock.
    private static let advancing = Mutex(())

    /// Loads the identity (creating the node ID on first use), increments the generation and
    /// fsyncs it before returning, so that no two starts can ever observe the same generation.
    /// The first start is generation 1.
    public static func loadAndAdvance(in database: Database) throws(StorageError) -> StoredNodeIdentity {
        try advancing.withLock { _ throws(StorageError) in
            let storedID = try records.get(nodeIDKey, from: database)
            let nodeID = try storedID.map { bytes throws(StorageError) in try String(storedBytes: bytes) }
                ?? UUID().uuidString.lowercased()
            let previous = try records.get(generationKey, from: database).map { bytes throws(StorageError) in
                try UInt64(storedBytes: bytes)
            } ?? 0
            let identity = StoredNodeIdentity(nodeID: nodeID, generation: previous + 1)

            let batch = database.makeBatch()
            if storedID == nil {
                try records.put(nodeIDKey, nodeID.storedBytes, in: batch)
            }
            try records.put(generationKey, identity.generation.storedBytes, in: batch)
            try database.write(batch, forceSync: true)
            return identity
        }
    }

    /// The identity as stored, without advancing it; `nil` before the first start.
    public static func current(in database: Database) throws(StorageError) -> StoredNodeIdentity? {
        guard let id = try records.get(nodeIDKey, from: database),
              let generation = try records.get(generationKey, from: database)
        else { return nil }
        return StoredNodeIdentity(nodeID: try String(storedBytes: id), generation: try UInt64(storedBytes: generation))
    }
}
