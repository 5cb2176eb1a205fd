import Transport

/// Keep-majority downing: a node serves only while it can see a majority of the
/// last member set the cluster agreed on, so two sides of a partition never both
/// act as the cluster (Akka's split-brain resolver "keep-majority"; DESIGN.md,
/// Membership).
///
/// The rule, for the last agreed set A and the reachable members R (alive in this
/// node's view, this node included):
/// - `|A ∩ R| > |A| / 2` → serve;
/// - `|A ∩ R| = |A| / 2` (an even split) → the side that can see the lowest address
///   of A serves; the other side is isolated. Both sides compute the same lowest
///   address from the same A, so exactly one side keeps serving;
/// - otherwise → isolated.
///
/// Edge cases: a one-node cluster always serves (1 of 1). In a two-node cluster
/// that loses its peer, the node with the lower address serves and the other is
/// isolated — so losing the lower node leaves no one serving until it returns or
/// the survivor rejoins, the price of never having two primaries.
///
/// Suspects count as unreachable, so a minority steps down as soon as it suspects
/// enough of the others rather than when it has declared them dead. This does not
/// guarantee the minority has stopped before the majority declares it dead: both
/// sides find each other one probe at a time (in the 2 | 3 simulation the minority
/// stepped down 9 s after the cut, the majority's first death came at 5.4 s).
/// Fencing by shard epochs is what prevents two primaries from both acknowledging.
///
/// The agreed set moves only when the view has been stable — no suspects and no
/// change at all — for `stableAfter`, and this node sees a majority of the old
/// set: it then becomes the live members. SWIM finds the members behind a
/// partition one probe at a time; waiting out `stableAfter` (by default the longest
/// suspicion timeout plus two probe periods) lets all of them turn suspect before
/// the set may shrink, so a minority cannot vote itself a majority step by step,
/// while a majority that watches members crash can still shrink its set and keep
/// serving. Time alone is not enough: a minority's probes fail without nacks, its
/// local health multiplier climbs, and it probes up to nine times slower, so a
/// member behind the cut can stay "alive" unprobed for longer than any fixed window.
/// So every member the set shrinks to must also have been heard from directly since
/// the view last changed, which a member behind a partition never is. Members that
/// left gracefully leave the agreed set at once: leaving is agreed by definition.
public struct KeepMajority: Sendable, Equatable {
    /// The last agreed member set (addresses), empty before this node has joined.
    public private(set) var agreed: Set<NodeAddress> = []
    public let stableAfter: Duration
    private var lastView: [SWIMMember] = []
    /// Every address this instance's view has held: a member missing from the view is
    /// unrecoverable only if it was known and then reaped, not if it was never seen.
    private var known: Set<NodeAddress> = []
    private var lastChange: ContinuousClock.Instant?

    /// - Parameter agreed: a set agreed earlier. A node restarting as a new
    ///   generation after isolation keeps the set it was isolated from, so it stays
    ///   isolated until it sees a majority of that set: a rejoining minority never
    ///   bootstraps a cluster of its own.
    public init(stableAfter: Duration, agreed: Set<NodeAddress> = []) {
        self.stableAfter = stableAfter
        self.agreed = agreed
    }

    /// The default `stableAfter` for a cluster of `members`: the longest suspicion
    /// timeout plus two probe periods.
    public static func stableAfter(settings: SWIMSettings, members: Int) -> Duration {
        SuspicionTimeout(settings: settings, members: members).longest + settings.probeInterval * 2
    }

    /// The pure rule: is a node that sees `reachable` isolated from `agreed`?
    public static func isIsolated(agreed: Set<NodeAddress>, reachable: Set<NodeAddress>) -> Bool {
        guard !agreed.isEmpty else { return true }
        let seen = agreed.intersection(reachable).count
        if seen * 2 > agreed.count { return false }
        if seen * 2 < agreed.count { return true }
        return !reachable.contains(agreed.min()!)
    }

    /// Updates the agreed set from this node's view and decides.
    ///
    /// - Parameters:
    ///   - view: `SWIMInstance.members`, this node included.
    ///   - myself: this node's address.
    ///   - now: the time of the view.
    ///   - lastHeard: when this node last heard directly from a member
    ///     (`SWIMInstance.lastHeard(from:)`).
    public mutating func decide(view: [SWIMMember], myself: NodeAddress, now: ContinuousClock.Instant,
                                lastHeard: (NodeAddress) -> ContinuousClock.Instant?) -> DowningDecision {
        let selfState = view.first { $0.address == myself }?.state ?? .joining
        if view != lastView || lastChange == nil {
            lastView = view
            lastChange = now
        }
        for member in view where member.state == .left {
            agreed.remove(member.address)
        }
        let reachable = Set(view.lazy.filter { $0.state == .alive }.map(\.address))
        let live = Set(view.lazy.filter { $0.state.isLive }.map(\.address))
        if selfState == .alive && agreed.isEmpty {
            agreed = reachable
        }
        var isolated = selfState != .alive || Self.isIsolated(agreed: agreed, reachable: reachable)
        let since = lastChange ?? now
        // Runs on every SWIM message: the hearing check, a lookup per member, comes last.
        let stable = live == reachable && now - since >= stableAfter && reachable.allSatisfy { address in
            address == myself || lastHeard(address).map { $0 >= since } ?? false
        }
        if !isolated && stable {
            agreed = reachable
            isolated = Self.isIsolated(agreed: agreed, reachable: reachable)
        }
        // Dead is final: a missing agreed member that this view holds dead (or has
        // forgotten) will never be reachable again under this identity, so only a
        // restart as a new generation can end the isolation.
        known.formUnion(view.lazy.map(\.address))
        let missing = agreed.subtracting(reachable)
        let unrecoverable = missing.contains { address in
            guard let member = view.first(where: { $0.address == address }) else { return known.contains(address) }
            return member.state == .dead
        }
        return DowningDecision(
            isolated: isolated,
            rejoinRequired: selfState == .dead || isolated && selfState == .alive && unrecoverable,
            reachableAgreed: agreed.intersection(reachable).count,
            agreedCount: agreed.count
        )
    }
}

/// What `KeepMajority` decided, with the figures for logs and status.
public struct DowningDecision: Sendable, Equatable, CustomStringConvertible {
    /// True: this node must stop serving (its shards, its gateway traffic).
    public var isolated: Bool
    /// True: isolation cannot end under this identity — the members it misses are
    /// dead in its view (final), or the cluster declared this node dead. The shell
    /// restarts the node as a new generation, which rejoins through the seeds once
    /// the partition heals.
    public var rejoinRequired: Bool
    /// Members of the agreed set this node can reach (itself included).
    public var reachableAgreed: Int
    public var agreedCount: Int

    public init(isolated: Bool, rejoinRequired: Bool, reachableAgreed: Int, agreedCount: Int) {
        self.isolated = isolated
        self.rejoinRequired = rejoinRequired
        self.reachableAgreed = reachableAgreed
        self.agreedCount = agreedCount
    }

    public var description: String {
        let verdict = isolated ? "isolated" : "serving"
        let rejoin = rejoinRequired ? ", must rejoin as a new generation" : ""
        return "\(verdict): reaches \(reachableAgreed) of \(agreedCount) last agreed members, "
            + "a majority is \(agreedCount / 2 + 1)\(rejoin)"
    }
}
