import Distributed
import Transport

/// The well-known actor every node hosts at `/system/diagnostics`: a liveness
/// probe for operators and the yardstick of the RPC benchmark.
public distributed actor NodeDiagnostics {
    public typealias ActorSystem = ClusterSystem

    public static let path = "/system/diagnostics"

    /// The incarnation answering.
    public distributed func ping() -> NodeIdentity {
        actorSystem.identity
    }

    public distributed func echo(_ payload: [UInt8]) -> [UInt8] {
        payload
    }

    /// The diagnostics actor of the node at `address`, whichever incarnation is up.
    public static func on(_ address: NodeAddress, using system: ClusterSystem) throws -> NodeDiagnostics {
        try resolve(id: .wellKnown(path, on: address), using: system)
    }
}
