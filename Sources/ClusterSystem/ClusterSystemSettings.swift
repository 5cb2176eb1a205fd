import Transport

/// Settings of the actor system above the transport.
public struct ClusterSystemSettings: Sendable {
    public var transport: TransportSettings

    /// 5 s: long enough for any single call we make (they are small and local to
    /// a region); short enough that a caller behind a silent partition gives up
    /// before its own client does. Override per call with `ClusterSystem.withCallTimeout`.
    public var defaultCallTimeout: Duration = .seconds(5)

    /// 10,000: incoming calls this node runs at once, from all peers together. Past it
    /// a call is answered `overloaded` without running, so a flood of small calls
    /// (one 8 MiB frame holds hundreds of thousands) cannot pile up tasks and memory.
    public var maximumCallsInProgress = 10_000

    /// Off: when on, the node hosts `FaultControl` at `/system/faults`, and anyone who
    /// can reach it can partition it. For tests and chaos runs only.
    public var remoteFaultControl = false

    public init(transport: TransportSettings) {
        self.transport = transport
    }
}
