import ClusterSystem
import Distributed
import Transport

/// The actor that multi-process tests call on a `switchboard peer` process, at
/// `/test/peer`: results, thrown errors, slow calls and calls onward to a third node.
public distributed actor TestPeer {
    public typealias ActorSystem = ClusterSystem

    public static let path = "/test/peer"

    public distributed func echo(_ text: String) -> String {
        text
    }

    public distributed func add(_ lhs: Int, _ rhs: Int) -> Int {
        lhs + rhs
    }

    public distributed func roundTrip(_ record: TestRecord) -> TestRecord {
        record
    }

    /// Throws `TestPeerError.requested(message)`.
    public distributed func fail(_ message: String) throws {
        throw TestPeerError.requested(message)
    }

    /// Returns after `milliseconds`, or throws if the call's task is cancelled first.
    public distributed func sleep(milliseconds: Int) async throws -> Int {
        try await Task.sleep(for: .milliseconds(milliseconds))
        return milliseconds
    }

    /// Calls `echo` on the test peer at `address` and returns its answer, tagged with this node.
    public distributed func relay(_ text: String, via address: NodeAddress) async throws -> String {
        let next = try TestPeer.on(address, using: actorSystem)
        return "\(actorSystem.identity.address) → \(try await next.echo(text))"
    }

    public distributed func identity() -> NodeIdentity {
        actorSystem.identity
    }

    public static func on(_ address: NodeAddress, using system: ClusterSystem) throws -> TestPeer {
        try resolve(id: .wellKnown(path, on: address), using: system)
    }
}

public enum TestPeerError: Error, Codable, Equatable {
    case requested(String)
}

/// A value with the shapes a codec must get right: nesting, optionals, arrays, maps, floats.
public struct TestRecord: Codable, Equatable, Sendable {
    public var name: String
    public var count: Int
    public var ratio: Double
    public var tags: [String]
    public var note: String?
    public var scores: [String: Int]
    public var nested: [TestRecord]

    public init(name: String, count: Int, ratio: Double, tags: [String], note: String?,
                scores: [String: Int], nested: [TestRecord]) {
        self.name = name
        self.count = count
        self.ratio = ratio
        self.tags = tags
        self.note = note
        self.scores = scores
        self.nested = nested
    }
}
