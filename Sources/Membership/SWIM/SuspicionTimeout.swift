import Transport

/// Lifeguard's dynamic suspicion timeout (Lifeguard §4.2, "Dynamic Suspicion
/// Timeouts"; memberlist `suspicion.go`).
///
/// A suspicion starts at the longest timeout and shrinks towards the shortest as
/// other members independently confirm it: a member that is really dead is missed by
/// everyone and goes quickly, while a suspicion raised by one slow or badly connected
/// member alone waits long enough for the suspect to hear of it and refute.
///
/// - shortest: `α × max(1, log10 n) × probeInterval` — grows with the cluster because
///   dissemination (and so refutation) takes O(log n) periods;
/// - longest: `β ×` the shortest;
/// - with `c` confirmations out of `K` expected:
///   `longest − (longest − shortest) × log(c + 1) / log(K + 1)`, never below the shortest.
public struct SuspicionTimeout: Sendable, Equatable {
    public let shortest: Duration
    public let longest: Duration
    /// K, clamped to the `n − 2` members that could confirm (all but the suspect and
    /// the suspector). Zero means the shortest timeout applies at once.
    public let expectedConfirmations: Int

    /// The timeout for a suspicion raised while the view holds `members` live members.
    public init(settings: SWIMSettings, members: Int) {
        let scale = max(1, Self.log10(Double(max(members, 1))))
        shortest = settings.probeInterval * (settings.suspicionAlpha * scale)
        longest = shortest * settings.suspicionBeta
        expectedConfirmations = max(0, min(settings.suspicionConfirmations, members - 2))
    }

    /// The timeout once `confirmations` members besides the first suspector agree.
    public func timeout(confirmations: Int) -> Duration {
        guard expectedConfirmations > 0 else { return shortest }
        let progress = Self.naturalLog(Double(max(confirmations, 0) + 1))
            / Self.naturalLog(Double(expectedConfirmations + 1))
        guard progress < 1 else { return shortest }
        return longest - (longest - shortest) * progress
    }

    static func log10(_ x: Double) -> Double {
        naturalLog(x) / naturalLog(10)
    }

    /// ln x for x > 0, computed here rather than imported so the core needs no
    /// platform math library and gives bit-identical results everywhere the
    /// simulations replay: x = m·2^e with m in [1, 2), ln m = 2·atanh((m − 1)/(m + 1)).
    static func naturalLog(_ x: Double) -> Double {
        precondition(x > 0, "logarithm of a non-positive number")
        let exponent = Double(x.exponent)
        let mantissa = x.significand
        let y = (mantissa - 1) / (mantissa + 1)
        let ySquared = y * y
        var term = y
        var sum = 0.0
        var divisor = 1.0
        // y ≤ 1/3, so each term shrinks ninefold: 30 terms are far past Double precision.
        for _ in 0..<30 {
            sum += term / divisor
            term *= ySquared
            divisor += 2
        }
        return exponent * 0.693_147_180_559_945_3 + 2 * sum
    }
}

/// One member's suspicion: when it started, who independently suspects it, and so
/// when it expires (Lifeguard §4.2).
struct Suspicion: Sendable, Equatable {
    /// The suspect's incarnation; a suspicion of a higher incarnation starts afresh.
    let incarnation: UInt64
    let start: ContinuousClock.Instant
    let timeout: SuspicionTimeout
    /// The member whose probe failed first, named when the suspicion is relayed.
    let firstSuspector: NodeAddress?
    /// The members whose own probes failed, the first suspector included.
    private(set) var suspectors: Set<NodeAddress>

    init(incarnation: UInt64, start: ContinuousClock.Instant, timeout: SuspicionTimeout,
         suspector: NodeAddress?) {
        self.incarnation = incarnation
        self.start = start
        self.timeout = timeout
        firstSuspector = suspector
        suspectors = suspector.map { [$0] } ?? []
    }

    var deadline: ContinuousClock.Instant {
        start + timeout.timeout(confirmations: max(0, suspectors.count - 1))
    }

    /// Records an independent suspicion; true if it is new (and so worth relaying).
    mutating func confirm(by suspector: NodeAddress) -> Bool {
        suspectors.insert(suspector).inserted
    }
}
