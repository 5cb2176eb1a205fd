import Transport

/// Every knob of the SWIM failure detector, with its default and the reason for it.
///
/// The defaults follow memberlist's LAN profile and the SWIM and Lifeguard papers
/// (Das, Gupta & Motivala, "SWIM", DSN 2002; Dadgar, Phillips & Currey, "Lifeguard:
/// Local Health Awareness for More Accurate Failure Detection", 2018), except the
/// suspicion multipliers, which are lower so that a crashed member of a five-node
/// cluster is declared dead everywhere within five seconds (see `suspicionAlpha`).
///
/// Validated at construction: a node never starts with a setting that cannot work.
/// Code that mutates a copy calls `validate()` again.
public struct SWIMSettings: Sendable, Equatable {
    /// 1 s (SWIM §4.1 "protocol period"): every member probes one other member this
    /// often, so a failure is first noticed within about one period and the load is
    /// one ping per member per second whatever the cluster size. Local health
    /// stretches it (Lifeguard §4.3).
    public var probeInterval: Duration

    /// 500 ms: how long a direct ping waits for its ack before asking `indirectProbeCount`
    /// members to try (SWIM §4.1). Half the period leaves the other half for the
    /// indirect round trip; a LAN answers in well under a millisecond, so only a
    /// stalled process misses it. Stretched by local health like the interval.
    public var pingTimeout: Duration

    /// 3 (SWIM §4.1 "k"): members asked to ping a target that missed its direct ack.
    /// Three independent paths make a false suspicion from one lost packet rare
    /// (all four paths must fail) while costing at most 3 × 4 extra messages.
    public var indirectProbeCount: Int

    /// 4 (SWIM §4.4, memberlist `RetransmitMult`): an update is piggybacked on at most
    /// `retransmitMultiplier × ⌈log2(n + 1)⌉` messages, which reaches every member
    /// with high probability (the epidemic's O(log n) rounds) and then stops using space.
    public var retransmitMultiplier: Int

    /// 2 (Lifeguard §4.2 "α"): the shortest suspicion timeout is
    /// `α × max(1, log10 n) × probeInterval` — 2 s up to ten members, 4 s at one
    /// hundred. Lifeguard used 5; ours is lower because issue 4 asks for a SIGKILLed
    /// member of five to be dead everywhere within 5 s, and Lifeguard's other two
    /// refinements (local health, independent confirmations) are what keep false
    /// positives down at this setting (the simulation tests check it under 5% loss).
    public var suspicionAlpha: Double

    /// 3 (Lifeguard §4.2 "β"): the longest suspicion timeout is `β ×` the shortest. A
    /// suspicion nobody else confirms waits this long, giving a slow but live member
    /// time to hear of it and refute.
    public var suspicionBeta: Double

    /// 3 (Lifeguard §4.2 "K"): independent suspicions (from members whose own probes
    /// failed) that bring the timeout down from the longest to the shortest; it falls
    /// with log(confirmations + 1) / log(K + 1). Clamped to the members that could
    /// confirm (n − 2).
    public var suspicionConfirmations: Int

    /// 8 (Lifeguard §4.3 "S"): the local health score saturates here. At score h the
    /// probe interval and ping timeout are multiplied by h + 1, so a node starved of
    /// CPU probes up to nine times slower instead of blaming its peers.
    public var localHealthMax: Int

    /// 30 s: dead and left members stay in the view this long before they are
    /// forgotten, so gossip still in flight about them cannot revive them and
    /// operators can see what happened. Must outlast the suspicion and dissemination
    /// of the death (well under 30 s up to a few hundred members).
    public var deadMemberRetention: Duration

    /// 8: gossip entries piggybacked on one message (SWIM §4.4). Eight updates keep
    /// a ping under a kilobyte and are more than the quiet cluster ever has pending.
    public var maxGossipPerMessage: Int

    /// 100 ms: the shell calls `SWIMInstance.tick(now:)` at least this often. Every
    /// timeout is a deadline checked on ticks, so deadlines are honoured to within
    /// one tick — a tenth of the probe period.
    public var tickInterval: Duration

    /// 1 s: a node that has not heard back from any seed contacts them again this
    /// often; a live node also re-contacts seeds missing from its view at this pace,
    /// so two seeds started apart still merge into one cluster.
    public var joinRetryInterval: Duration

    /// 10 s: every member pushes its whole view to one random member, which answers
    /// with its own (memberlist's push/pull, 30 s there). Piggybacked gossip is
    /// bounded, so after a join storm or a healed partition some updates may never
    /// reach some members; this sync repairs them within a few intervals, for a view
    /// of a few kilobytes per member per interval.
    public var syncInterval: Duration

    public init(
        probeInterval: Duration = .seconds(1),
        pingTimeout: Duration = .milliseconds(500),
        indirectProbeCount: Int = 3,
        retransmitMultiplier: Int = 4,
        suspicionAlpha: Double = 2,
        suspicionBeta: Double = 2,
        suspicionConfirmations: Int = 3,
        localHealthMax: Int = 8,
        deadMemberRetention: Duration = .seconds(30),
        maxGossipPerMessage: Int = 8,
        tickInterval: Duration = .milliseconds(100),
        joinRetryInterval: Duration = .seconds(1),
        syncInterval: Duration = .seconds(10)
    ) throws(SettingsError) {
        self.probeInterval = probeInterval
        self.pingTimeout = pingTimeout
        self.indirectProbeCount = indirectProbeCount
        self.retransmitMultiplier = retransmitMultiplier
        self.suspicionAlpha = suspicionAlpha
        self.suspicionBeta = suspicionBeta
        self.suspicionConfirmations = suspicionConfirmations
        self.localHealthMax = localHealthMax
        self.deadMemberRetention = deadMemberRetention
        self.maxGossipPerMessage = maxGossipPerMessage
        self.tickInterval = tickInterval
        self.joinRetryInterval = joinRetryInterval
        self.syncInterval = syncInterval
        try validate()
    }

    /// Checks every setting; `init` calls it, and so should code that mutates a copy.
    public func validate() throws(SettingsError) {
        for (key, value) in [("probeInterval", probeInterval), ("pingTimeout", pingTimeout),
                             ("deadMemberRetention", deadMemberRetention), ("tickInterval", tickInterval),
                             ("joinRetryInterval", joinRetryInterval), ("syncInterval", syncInterval)]
        where value <= .zero {
            throw SettingsError(key: key, value: "\(value)", expected: "a positive duration")
        }
        guard pingTimeout < probeInterval else {
            throw SettingsError(key: "pingTimeout", value: "\(pingTimeout)",
                                expected: "less than probeInterval (\(probeInterval)), leaving time for indirect probes")
        }
        guard tickInterval <= pingTimeout / 2 else {
            throw SettingsError(key: "tickInterval", value: "\(tickInterval)",
                                expected: "at most half of pingTimeout (\(pingTimeout)) so deadlines are honoured")
        }
        guard deadMemberRetention >= probeInterval * 10 else {
            throw SettingsError(key: "deadMemberRetention", value: "\(deadMemberRetention)",
                                expected: "at least 10 probe intervals (\(probeInterval * 10)) so gossip about the dead dies out first")
        }
        guard (0...16).contains(indirectProbeCount) else {
            throw SettingsError(key: "indirectProbeCount", value: "\(indirectProbeCount)", expected: "0...16")
        }
        guard (1...32).contains(retransmitMultiplier) else {
            throw SettingsError(key: "retransmitMultiplier", value: "\(retransmitMultiplier)", expected: "1...32")
        }
        guard suspicionAlpha.isFinite, suspicionAlpha >= 1 else {
            throw SettingsError(key: "suspicionAlpha", value: "\(suspicionAlpha)",
                                expected: "at least 1 probe interval")
        }
        guard suspicionBeta.isFinite, suspicionBeta >= 1 else {
            throw SettingsError(key: "suspicionBeta", value: "\(suspicionBeta)",
                                expected: "at least 1 (the longest timeout is β × the shortest)")
        }
        guard (0...64).contains(suspicionConfirmations) else {
            throw SettingsError(key: "suspicionConfirmations", value: "\(suspicionConfirmations)", expected: "0...64")
        }
        guard (0...64).contains(localHealthMax) else {
            throw SettingsError(key: "localHealthMax", value: "\(localHealthMax)", expected: "0...64")
        }
        guard (1...256).contains(maxGossipPerMessage) else {
            throw SettingsError(key: "maxGossipPerMessage", value: "\(maxGossipPerMessage)", expected: "1...256")
        }
    }

    /// How many messages carry one update: `retransmitMultiplier × ⌈log2(n + 1)⌉`
    /// for `n` live members (SWIM §4.4; memberlist's `retransmitLimit`).
    public func retransmitLimit(members n: Int) -> Int {
        var bits = 0
        var value = max(n, 0) + 1
        // ⌈log2(n + 1)⌉: the bit length of n, plus one unless n + 1 is a power of two.
        let isPowerOfTwo = value & (value - 1) == 0
        while value > 1 {
            value >>= 1
            bits += 1
        }
        return retransmitMultiplier * max(1, isPowerOfTwo ? bits : bits + 1)
    }
}
