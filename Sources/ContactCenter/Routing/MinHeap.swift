/// A min-priority queue for keys that mostly arrive in order.
///
/// The routing indexes mostly insert keys at or past their current maximum: an agent
/// freed now (longest idle), a contact arriving now, an offer expiring a fixed time from
/// now. Such keys are appended to a sorted run and taken from its front, O(1) and in
/// memory order. Only a key smaller than the run's last (a chat agent back with their old
/// idle time, a contact put back at the head, a VIP) goes into a 4-ary heap beside it;
/// the minimum is the smaller of the two fronts.
///
/// swift-collections' `Heap` is a min-max heap and walks keys at the maximum up its max
/// levels; a plain binary heap still sifts every removal down O(log n) levels, one cache
/// miss each. The run took that sifting off the routing benchmark's profile (about 10%
/// of its time, with the offer timers' heap).
///
/// Stale keys are dropped by `sweep`, a few per call, so that no single operation pays
/// for a whole pass: the indexes used to filter everything at once, and those passes
/// were most of the routing benchmark's slowest 1% of decisions.
struct MinHeap<Element: Comparable> {
    /// Keys in non-decreasing order. The held ones are `run[runHead..<gapStart]` and
    /// `run[gapEnd...]`: a sweep moves the keys it keeps from `gapEnd` down to `gapStart`,
    /// and between two sweeps the gap is empty.
    private var run: [Element] = []
    /// The other keys, in 4-ary heap order: half the levels of a binary heap, and a node's
    /// children side by side, so a key sifted down misses the cache about half as often
    /// (round-robin pools, whose keys never come in order, live here).
    private var heap: [Element] = []
    private static var arity: Int { 4 }
    // Positions are stored as Int32, so that the queue is 32 bytes: an `AgentIndex` holds
    // six, and re-indexing a freed agent touches one in each of their ≈10 pools.
    private var storedRunHead: Int32 = 0
    private var storedGapStart: Int32 = 0
    private var storedGapEnd: Int32 = 0
    /// `Self.idle` between sweeps, `Self.sweepingRun` while a sweep is in the run, then the
    /// next heap position it examines.
    private var sweepPosition: Int32 = Self.idle
    private static var idle: Int32 { -2 }
    private static var sweepingRun: Int32 { -1 }

    private var runHead: Int {
        get { Int(storedRunHead) }
        set { storedRunHead = Int32(newValue) }
    }

    private var gapStart: Int {
        get { Int(storedGapStart) }
        set { storedGapStart = Int32(newValue) }
    }

    private var gapEnd: Int {
        get { Int(storedGapEnd) }
        set { storedGapEnd = Int32(newValue) }
    }

    init() {}

    private var runCount: Int { gapStart - runHead + run.count - gapEnd }
    var count: Int { runCount + heap.count }
    var isEmpty: Bool { count == 0 }

    /// Whether a sweep has begun and not finished.
    var isSweeping: Bool { sweepPosition != Self.idle }

    /// Whether to sweep now, when `live` of the keys are current: a sweep is under way, or
    /// stale keys outnumber the live ones (by more than 16, so small queues never sweep).
    func needsSweep(live: Int) -> Bool {
        isSweeping || count > 2 * live + 16
    }

    private var runFront: Element? {
        if runHead < gapStart { return run[runHead] }
        return gapEnd < run.count ? run[gapEnd] : nil
    }

    private var runLast: Element? {
        if gapEnd < run.count { return run[run.count - 1] }
        return runHead < gapStart ? run[gapStart - 1] : nil
    }

    var min: Element? {
        guard let front = runFront else { return heap.first }
        if let top = heap.first, top < front { return top }
        return front
    }

    /// Every element, in no particular order.
    var unordered: [Element] { Array(run[runHead..<gapStart]) + Array(run[gapEnd...]) + heap }

    mutating func insert(_ element: Element) {
        guard let last = runLast else {
            run.removeAll(keepingCapacity: true)
            (runHead, gapStart, gapEnd) = (0, 0, 0)
            run.append(element)
            return
        }
        if !(element < last) {
            run.append(element)
        } else {
            heapInsert(element)
        }
    }

    @discardableResult
    mutating func removeMin() -> Element? {
        guard let front = runFront else { return heapRemoveMin() }
        if let top = heap.first, top < front { return heapRemoveMin() }
        if runHead < gapStart {
            runHead += 1
        } else {
            // Nothing kept below the gap yet: the gap moves up past the taken key.
            gapEnd += 1
            (runHead, gapStart) = (gapEnd, gapEnd)
        }
        if runCount == 0 {
            run.removeAll(keepingCapacity: true)
            (runHead, gapStart, gapEnd) = (0, 0, 0)
        } else if runHead >= 32, runHead * 2 >= run.count {
            // Dropping the taken prefix once it is half the storage keeps removal amortised O(1).
            run.removeFirst(runHead)
            (gapStart, gapEnd) = (gapStart - runHead, gapEnd - runHead)
            runHead = 0
        }
        return front
    }

    /// Examines up to `steps` keys of a pass over every key (counting `steps` down),
    /// drops those `isKept` rejects, and returns how many it dropped. A pass begins with
    /// the first call after the last one ended; the run stays sorted and the heap a heap
    /// after every call, so the queue can be used between the calls of one pass.
    mutating func sweep(steps: inout Int, keeping isKept: (Element) -> Bool) -> Int {
        var dropped = 0
        if sweepPosition == Self.idle {
            sweepPosition = Self.sweepingRun
            (gapStart, gapEnd) = (runHead, runHead)
        }
        if sweepPosition == Self.sweepingRun {
            while steps > 0, gapEnd < run.count {
                let element = run[gapEnd]
                gapEnd += 1
                steps -= 1
                if isKept(element) {
                    run[gapStart] = element
                    gapStart += 1
                } else {
                    dropped += 1
                }
            }
            guard gapEnd == run.count else { return dropped }
            run.removeLast(run.count - gapStart)
            gapEnd = gapStart
            sweepPosition = 0
        }
        var position = Int(sweepPosition)
        while steps > 0, position < heap.count {
            steps -= 1
            if isKept(heap[position]) {
                position += 1
            } else {
                heapRemove(at: position)
                dropped += 1
            }
        }
        sweepPosition = position < heap.count ? Int32(position) : Self.idle
        return dropped
    }

    private mutating func heapInsert(_ element: Element) {
        heap.append(element)
        siftUp(from: heap.count - 1)
    }

    private mutating func heapRemoveMin() -> Element? {
        guard let last = heap.popLast() else { return nil }
        guard let first = heap.first else { return last }
        heap[0] = last
        siftDown(from: 0)
        return first
    }

    /// Removes the key at `position`: the last key takes its place and moves down or up.
    private mutating func heapRemove(at position: Int) {
        let last = heap.removeLast()
        guard position < heap.count else { return }
        heap[position] = last
        if siftDown(from: position) == position { siftUp(from: position) }
    }

    private mutating func siftUp(from start: Int) {
        heap.withUnsafeMutableBufferPointer { buffer in
            let element = buffer[start]
            var child = start
            while child > 0 {
                let parent = (child - 1) / Self.arity
                guard element < buffer[parent] else { break }
                buffer[child] = buffer[parent]
                child = parent
            }
            buffer[child] = element
        }
    }

    /// Moves the key at `start` down to its place and returns where it ended.
    @discardableResult
    private mutating func siftDown(from start: Int) -> Int {
        heap.withUnsafeMutableBufferPointer { buffer in
            let count = buffer.count
            let element = buffer[start]
            var index = start
            while true {
                let first = Self.arity * index + 1
                guard first < count else { break }
                var child = first
                for sibling in first + 1..<Swift.min(first + Self.arity, count) where buffer[sibling] < buffer[child] {
                    child = sibling
                }
                guard buffer[child] < element else { break }
                buffer[index] = buffer[child]
                index = child
            }
            buffer[index] = element
            return index
        }
    }
}

extension MinHeap: Sendable where Element: Sendable {}
