/// A min-priority queue for keys that mostly arrive in order.
///
/// The routing indexes mostly insert keys at or past their current maximum: an agent
/// freed now (longest idle), a contact arriving now, an offer expiring a fixed time from
/// now. Such keys are appended to a sorted run and taken from its front, O(1) and in
/// memory order. Only a key smaller than the run's last (a chat agent back with their old
/// idle time, a contact put back at the head, a VIP) goes into a binary heap beside it;
/// the minimum is the smaller of the two fronts.
///
/// swift-collections' `Heap` is a min-max heap and walks keys at the maximum up its max
/// levels; a plain binary heap still sifts every removal down O(log n) levels, one cache
/// miss each. The run took that sifting off the routing benchmark's profile (about 10%
/// of its time, with the offer timers' heap).
struct MinHeap<Element: Comparable> {
    /// Keys in non-decreasing order; `run[runHead...]` are held.
    private var run: [Element] = []
    private var runHead = 0
    /// The other keys, in binary-heap order.
    private var heap: [Element] = []

    init() {}

    var count: Int { run.count - runHead + heap.count }
    var isEmpty: Bool { count == 0 }

    var min: Element? {
        guard runHead < run.count else { return heap.first }
        let front = run[runHead]
        if let top = heap.first, top < front { return top }
        return front
    }

    /// Every element, in no particular order.
    var unordered: [Element] { Array(run[runHead...]) + heap }

    /// Keeps only the elements `isKept` accepts, in O(n): the run stays sorted, and the
    /// heap is rebuilt bottom-up.
    mutating func retain(where isKept: (Element) -> Bool) {
        run = run[runHead...].filter(isKept)
        runHead = 0
        heap = heap.filter(isKept)
        heapify()
    }

    mutating func insert(_ element: Element) {
        if runHead == run.count {
            run.removeAll(keepingCapacity: true)
            runHead = 0
            run.append(element)
        } else if !(element < run[run.count - 1]) {
            run.append(element)
        } else {
            heapInsert(element)
        }
    }

    @discardableResult
    mutating func removeMin() -> Element? {
        guard runHead < run.count else { return heapRemoveMin() }
        let front = run[runHead]
        if let top = heap.first, top < front { return heapRemoveMin() }
        runHead += 1
        // Dropping the taken prefix once it is half the storage keeps removal amortised O(1).
        if runHead == run.count {
            run.removeAll(keepingCapacity: true)
            runHead = 0
        } else if runHead >= 32, runHead * 2 >= run.count {
            run.removeFirst(runHead)
            runHead = 0
        }
        return front
    }

    private mutating func heapInsert(_ element: Element) {
        heap.append(element)
        heap.withUnsafeMutableBufferPointer { buffer in
            var child = buffer.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard element < buffer[parent] else { break }
                buffer[child] = buffer[parent]
                child = parent
            }
            buffer[child] = element
        }
    }

    private mutating func heapRemoveMin() -> Element? {
        guard let last = heap.popLast() else { return nil }
        guard let first = heap.first else { return last }
        heap[0] = last
        siftDown(from: 0)
        return first
    }

    private mutating func heapify() {
        guard heap.count > 1 else { return }
        for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(from: index) }
    }

    private mutating func siftDown(from start: Int) {
        heap.withUnsafeMutableBufferPointer { buffer in
            let count = buffer.count
            let element = buffer[start]
            var index = start
            while true {
                var child = 2 * index + 1
                guard child < count else { break }
                if child + 1 < count, buffer[child + 1] < buffer[child] { child += 1 }
                guard buffer[child] < element else { break }
                buffer[index] = buffer[child]
                index = child
            }
            buffer[index] = element
        }
    }
}

extension MinHeap: Sendable where Element: Sendable {}
