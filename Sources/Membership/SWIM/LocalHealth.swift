/// Lifeguard's Local Health Multiplier (Lifeguard §4.3, "Local Health Aware Probe").
///
/// A saturating score of evidence that *this* node, not its peers, is in trouble:
/// a process starved of CPU or with a congested link misses acks from healthy
/// members and would otherwise accuse them. While the score is h, the probe interval
/// and the ping timeout are multiplied by h + 1, so a sick node probes less and
/// waits longer before suspecting anyone.
struct LocalHealth: Sendable, Equatable {
    /// 0 (healthy) up to `maximum`.
    private(set) var score = 0
    let maximum: Int

    init(maximum: Int) {
        self.maximum = maximum
    }

    /// The factor applied to the probe interval and the ping timeout.
    var multiplier: Int { score + 1 }

    /// A probe was answered: evidence of health (−1).
    mutating func probeSucceeded() { adjust(by: -1) }

    /// A probe failed with no intermediary to vouch for our links (+1).
    mutating func probeFailedUnverified() { adjust(by: 1) }

    /// Intermediaries asked to ping the target sent no nack: each missing nack
    /// means our messages, or our processing of theirs, are late (+1 each).
    mutating func nacksMissed(_ count: Int) { adjust(by: count) }

    /// Others suspected us though we are alive: we answer too slowly (+1).
    mutating func refutedSuspicion() { adjust(by: 1) }

    private mutating func adjust(by delta: Int) {
        score = min(max(score + delta, 0), maximum)
    }
}
