/// One entry of an `AgentIndex`: an agent's ordering key when it was indexed. Entries are
/// never removed in place; an entry is current only while its `version` equals the agent's
/// version for the pool's ordering (`RoutingEngine.agentVersions`, `agentOrderVersions`),
/// which changes whenever their availability or their key in such pools does. A round-robin
/// entry carries `agentTurnVersions` instead, which an agent's busy spells leave alone, and
/// is taken only while the agent has room on the index's channel (`RoutingEngine.isCurrent`).
struct AgentEntry: Comparable {
    var major: Double
    var minor: Double
    var slot: Int32
    var version: UInt32

    static func < (lhs: AgentEntry, rhs: AgentEntry) -> Bool {
        if lhs.major != rhs.major { return lhs.major < rhs.major }
        if lhs.minor != rhs.minor { return lhs.minor < rhs.minor }
        return lhs.slot < rhs.slot
    }
}

/// The available agents of one (agent pool, channel), ordered by the pool's ordering within
/// six buckets of proficiency (0 – lacking the queue's skills, admitted by a wide bullseye
/// ring – to 5). A target reads the buckets from its minimum proficiency up.
///
/// Bucketing gives both orderings a queue needs from one insertion: the strategy's order is
/// the best head across the buckets read (at most six peeks), and "most proficient" for VIPs
/// is the head of the highest non-empty bucket. Insertion and removal cost O(log n); stale entries are
/// dropped when they surface, and swept a few per insertion once they outnumber the members,
/// so the memory stays within a constant factor of the eligible agents.
struct AgentIndex {
    static let bucketCount = 6

    // Six stored heaps rather than an array of them: one pointer hop less per insertion on
    // the hottest path (re-indexing a freed agent into every ring they serve).
    private var bucket0 = MinHeap<AgentEntry>()
    private var bucket1 = MinHeap<AgentEntry>()
    private var bucket2 = MinHeap<AgentEntry>()
    private var bucket3 = MinHeap<AgentEntry>()
    private var bucket4 = MinHeap<AgentEntry>()
    private var bucket5 = MinHeap<AgentEntry>()
    /// Entries held, current or stale.
    private(set) var entryCount = 0
    /// Agents who could ever be in this index (members of the pool, capacity on the channel).
    var members = 0
    /// The bucket a sweep of stale entries is in, or nil when none is running.
    private var sweptBucket: Int?

    private mutating func withBucket<Result>(_ bucket: Int, _ body: (inout MinHeap<AgentEntry>) -> Result) -> Result {
        switch bucket {
        case 0: body(&bucket0)
        case 1: body(&bucket1)
        case 2: body(&bucket2)
        case 3: body(&bucket3)
        case 4: body(&bucket4)
        default: body(&bucket5)
        }
    }

    private func bucket(_ index: Int) -> MinHeap<AgentEntry> {
        switch index {
        case 0: bucket0
        case 1: bucket1
        case 2: bucket2
        case 3: bucket3
        case 4: bucket4
        default: bucket5
        }
    }

    mutating func insert(_ entry: AgentEntry, proficiency: UInt8) {
        withBucket(Int(proficiency)) { $0.insert(entry) }
        entryCount += 1
    }

    /// The current head of `bucket`, after dropping stale entries above it.
    mutating func head(of bucket: Int, isCurrent: (AgentEntry) -> Bool) -> AgentEntry? {
        var dropped = 0
        let head = withBucket(bucket) { heap -> AgentEntry? in
            while let top = heap.min {
                if isCurrent(top) { return top }
                heap.removeMin()
                dropped += 1
            }
            return nil
        }
        entryCount -= dropped
        return head
    }

    /// The best current entry by strategy order across buckets `minimum...5`, and its bucket.
    mutating func bestByStrategy(from minimum: Int, isCurrent: (AgentEntry) -> Bool) -> (entry: AgentEntry, bucket: Int)? {
        guard entryCount > 0 else { return nil }
        var best: (entry: AgentEntry, bucket: Int)?
        for bucket in minimum..<Self.bucketCount {
            if let head = head(of: bucket, isCurrent: isCurrent), best.map({ head < $0.entry }) ?? true {
                best = (head, bucket)
            }
        }
        return best
    }

    /// The strategy-best current entry of the most proficient non-empty bucket from `minimum` up.
    mutating func bestByProficiency(from minimum: Int, isCurrent: (AgentEntry) -> Bool) -> (entry: AgentEntry, bucket: Int)? {
        guard entryCount > 0 else { return nil }
        for bucket in stride(from: Self.bucketCount - 1, through: minimum, by: -1) {
            if let head = head(of: bucket, isCurrent: isCurrent) { return (head, bucket) }
        }
        return nil
    }

    /// Removes the head of `bucket` (which the caller just obtained as current).
    mutating func removeHead(of bucket: Int) {
        withBucket(bucket) { _ = $0.removeMin() }
        entryCount -= 1
    }

    /// Whether stale entries should be swept: they have piled up past twice the members,
    /// or a sweep is under way.
    var needsSweep: Bool { sweptBucket != nil || entryCount > 2 * members + 16 }

    /// Examines up to `steps` entries of a sweep through every bucket, dropping stale
    /// ones. A sweep is paid for a few entries per insertion, so that the insertion that
    /// crosses the threshold does not pay O(entries) alone.
    mutating func sweep(steps: Int, isCurrent: (AgentEntry) -> Bool) {
        var steps = steps
        var bucket = sweptBucket ?? 0
        while steps > 0, bucket < Self.bucketCount {
            let (dropped, finished) = withBucket(bucket) { heap in
                (heap.sweep(steps: &steps, keeping: isCurrent), !heap.isSweeping)
            }
            entryCount -= dropped
            if finished { bucket += 1 }
        }
        sweptBucket = bucket < Self.bucketCount ? bucket : nil
    }

    /// Every current entry of buckets `minimum...5` with its bucket, for explanations (O(n),
    /// on request only).
    func currentEntries(from minimum: Int, isCurrent: (AgentEntry) -> Bool) -> [(entry: AgentEntry, bucket: Int)] {
        (minimum..<Self.bucketCount).flatMap { index in bucket(index).unordered.filter(isCurrent).map { ($0, index) } }
    }
}
