import SeededRandom
import Testing
@testable import ContactCenter

/// The routing indexes' priority queue against a sorted array, over random mixes of keys
/// in order (the run), out of order (the heap), and removals.
struct MinHeapTests {
    @Test(arguments: 1...20 as ClosedRange<UInt64>)
    func takesKeysInOrderWhateverOrderTheyCameIn(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var queue = MinHeap<Int>()
        var reference: [Int] = []
        var clock = 0
        for _ in 0..<5_000 {
            switch random.next() % 10 {
            case 0..<4:
                // Mostly now or later, as freed agents and arriving contacts are.
                clock += Int(random.next() % 3)
                queue.insert(clock)
                reference.append(clock)
            case 4:
                let early = clock - Int(random.next() % 100)
                queue.insert(early)
                reference.append(early)
            default:
                reference.sort()
                let expected = reference.isEmpty ? nil : reference.removeFirst()
                #expect(queue.min == expected)
                #expect(queue.removeMin() == expected)
            }
            #expect(queue.count == reference.count)
        }
        #expect(queue.unordered.sorted() == reference.sorted())
        var drained: [Int] = []
        while let next = queue.removeMin() { drained.append(next) }
        #expect(drained == reference.sorted())
        #expect(queue.isEmpty)
    }

    /// Compaction keeps what it is told to and nothing else, in order.
    @Test func retainingKeepsTheOrder() {
        var queue = MinHeap<Int>()
        for key in [1, 2, 3, 4, 5, 6] { queue.insert(key) }
        for key in [0, -3, 2] { queue.insert(key) }
        queue.removeMin()
        queue.retain { $0 % 2 == 0 }
        var drained: [Int] = []
        while let next = queue.removeMin() { drained.append(next) }
        #expect(drained == [0, 2, 2, 4, 6])
    }

    @Test func aQueueBuiltFromElementsHoldsThemAll() {
        var queue = MinHeap([5, 1, 4, 1, 3])
        queue.insert(2)
        var drained: [Int] = []
        while let next = queue.removeMin() { drained.append(next) }
        #expect(drained == [1, 1, 2, 3, 4, 5])
    }
}
