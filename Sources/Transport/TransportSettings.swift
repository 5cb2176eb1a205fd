/// Every knob of the transport, with its default and the reason for it.
///
/// Validated at construction: a node never starts with a setting that cannot work.
public struct TransportSettings: Sendable {
    /// Peers must present the same cluster name in the handshake; a node of another
    /// cluster that reaches our port by mistake is turned away instead of joining.
    public var clusterName: String

    /// This node's identity; its address is the listener's and the source address
    /// of every outgoing connection.
    public var identity: NodeIdentity

    /// 1 s: on loopback or a LAN a connect answers in well under a millisecond; a
    /// peer behind a firewall that drops packets would otherwise hold a connect for
    /// NIO's default 10 s while callers wait.
    public var connectTimeout: Duration = .seconds(1)

    /// 2 s: a peer that accepts TCP but never completes the handshake (wrong
    /// protocol, stopped process) is abandoned after this long.
    public var handshakeTimeout: Duration = .seconds(2)

    /// 100 ms first, doubling up to 5 s: a restarted peer is usually back within a
    /// second; a dead one should not be hammered.
    public var reconnectBackoff = Backoff(initial: .milliseconds(100), maximum: .seconds(5))

    /// 8 MiB: far above any single message we send (routing state travels in
    /// shards' snapshots, chunked), small enough that a corrupt length cannot make
    /// a node allocate gigabytes.
    public var maximumFrameBytes: Int = 8 << 20

    /// 4 KiB: below that zstd saves little and costs a few microseconds per frame.
    public var compressionThresholdBytes: Int = 4 << 10

    /// 8 MiB per peer: about a second of traffic at full speed. Past it a send
    /// fails at once with `TransportError.outboundBufferFull` rather than letting
    /// a peer that stopped reading grow our memory.
    public var outboundBufferLimitBytes: Int = 8 << 20

    /// 500 ms: an otherwise idle connection sends a heartbeat this often so the
    /// peer can tell "idle" from "gone".
    public var heartbeatInterval: Duration = .milliseconds(500)

    /// 3 s: a connection that has received nothing (not even a heartbeat) for this
    /// long is declared dead and every call in flight on it fails.
    public var idleTimeout: Duration = .seconds(3)

    public init(clusterName: String, identity: NodeIdentity) throws(SettingsError) {
        self.clusterName = clusterName
        self.identity = identity
        try validate()
    }

    /// Checks every setting; `init` calls it, and so should code that mutates a copy.
    public func validate() throws(SettingsError) {
        guard !clusterName.isEmpty, clusterName.utf8.count <= Handshake.maximumNameBytes else {
            throw SettingsError(key: "clusterName", value: clusterName,
                                expected: "1 to \(Handshake.maximumNameBytes) bytes of UTF-8")
        }
        guard !identity.address.host.isEmpty, identity.address.host.utf8.count <= Handshake.maximumNameBytes else {
            throw SettingsError(key: "identity.address.host", value: identity.address.host,
                                expected: "1 to \(Handshake.maximumNameBytes) bytes")
        }
        guard (1...65_535).contains(identity.address.port) else {
            throw SettingsError(key: "identity.address.port", value: "\(identity.address.port)",
                                expected: "a port in 1...65535")
        }
        for (key, value) in [("connectTimeout", connectTimeout), ("handshakeTimeout", handshakeTimeout),
                             ("heartbeatInterval", heartbeatInterval), ("idleTimeout", idleTimeout)]
        where value <= .zero {
            throw SettingsError(key: key, value: "\(value)", expected: "a positive duration")
        }
        guard idleTimeout > heartbeatInterval * 2 else {
            throw SettingsError(key: "idleTimeout", value: "\(idleTimeout)",
                                expected: "more than twice heartbeatInterval (\(heartbeatInterval))")
        }
        guard maximumFrameBytes >= 1024, maximumFrameBytes <= Int(UInt32.max) else {
            throw SettingsError(key: "maximumFrameBytes", value: "\(maximumFrameBytes)",
                                expected: "1 KiB to 4 GiB")
        }
        guard compressionThresholdBytes > 0 else {
            throw SettingsError(key: "compressionThresholdBytes", value: "\(compressionThresholdBytes)",
                                expected: "a positive byte count")
        }
        guard outboundBufferLimitBytes >= maximumFrameBytes else {
            throw SettingsError(key: "outboundBufferLimitBytes", value: "\(outboundBufferLimitBytes)",
                                expected: "at least maximumFrameBytes (\(maximumFrameBytes))")
        }
        try reconnectBackoff.validate()
    }
}

/// A setting that cannot work, with the key, the value and what was expected.
public struct SettingsError: Error, CustomStringConvertible, Equatable {
    public var key: String
    public var value: String
    public var expected: String

    public init(key: String, value: String, expected: String) {
        self.key = key
        self.value = value
        self.expected = expected
    }

    public var description: String { "setting \(key) = \(value): expected \(expected)" }
}
