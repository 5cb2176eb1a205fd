/// A binary min-heap in one array.
///
/// The routing indexes mostly insert keys at or past their current maximum — an agent freed
/// now, a contact arriving now, a timer due later — which a binary heap places in one
/// comparison. swift-collections' `Heap` is a min-max heap and walks such keys up its max
/// levels, which was the largest single cost of re-indexing a freed agent.
struct MinHeap<Element: Comparable> {
    /// The elements in heap order (not sorted).
    private(set) var unordered: [Element] = []

    init() {}

    init(_ elements: [Element]) {
        unordered = elements
        guard unordered.count > 1 else { return }
        for index in stride(from: unordered.count / 2 - 1, through: 0, by: -1) { siftDown(from: index) }
    }

    var count: Int { unordered.count }
    var isEmpty: Bool { unordered.isEmpty }
    var min: Element? { unordered.first }

    mutating func insert(_ element: Element) {
        unordered.append(element)
        unordered.withUnsafeMutableBufferPointer { buffer in
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

    @discardableResult
    mutating func removeMin() -> Element? {
        guard let last = unordered.popLast() else { return nil }
        guard let first = unordered.first else { return last }
        unordered[0] = last
        siftDown(from: 0)
        return first
    }

    private mutating func siftDown(from start: Int) {
        unordered.withUnsafeMutableBufferPointer { buffer in
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
