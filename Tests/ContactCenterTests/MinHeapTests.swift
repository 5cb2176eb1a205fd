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
            switch random.next() % 50 {
            case 0..<3:
                // A sweep in small steps, interleaved with everything else: it drops only
                // what it is told to, and says how many.
                var steps = Int(random.next() % 40)
                let before = queue.unordered.sorted()
                #expect(before == reference.sorted())
                let dropped = queue.sweep(steps: &steps) { $0 % 3 != 0 }
                let after = queue.unordered.sorted()
                #expect(before.count - after.count == dropped)
                #expect(Self.removing(after, from: before)?.allSatisfy { $0 % 3 == 0 } == true)
                reference = after
            case 3..<20:
                // Mostly now or later, as freed agents and arriving contacts are.
                clock += Int(random.next() % 3)
                queue.insert(clock)
                reference.append(clock)
            case 20..<25:
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

    /// `subset` taken out of `keys` (both sorted), or nil if `subset` is not in `keys`.
    static func removing(_ subset: [Int], from keys: [Int]) -> [Int]? {
        var rest: [Int] = []
        var next = 0
        for key in keys {
            if next < subset.count, subset[next] == key { next += 1 } else { rest.append(key) }
        }
        return next == subset.count ? rest : nil
    }

    /// A sweep keeps what it is told to and nothing else, in order, however few steps each
    /// call may take: keys already taken from the run do not come back, and the queue can
    /// be used between the calls of one pass.
    @Test(arguments: [1, 3, 100])
    func aSweepInStepsKeepsTheOrder(steps: Int) {
        var queue = MinHeap<Int>()
        for key in [1, 2, 3, 4, 5, 6, 8] { queue.insert(key) }
        for key in [0, -3, 2, 7, -2] { queue.insert(key) }
        #expect([queue.removeMin(), queue.removeMin(), queue.removeMin()] == [-3, -2, 0])
        var dropped = 0
        var insertedDuringThePass = false
        repeat {
            var budget = steps
            dropped += queue.sweep(steps: &budget) { $0 % 2 == 0 }
            #expect(budget >= 0)
            if queue.isSweeping, !insertedDuringThePass {
                queue.insert(10)
                insertedDuringThePass = true
            }
        } while queue.isSweeping
        #expect(dropped == 4)
        #expect(insertedDuringThePass == (steps < 10))
        var drained: [Int] = []
        while let next = queue.removeMin() { drained.append(next) }
        #expect(drained == [2, 2, 4, 6, 8] + (insertedDuringThePass ? [10] : []))
    }

    /// A run that never empties drops its taken prefix as it goes, and keys in the heap
    /// still come out in their turn.
    @Test func aRunThatNeverEmptiesStaysInOrder() {
        var queue = MinHeap<Int>()
        queue.insert(0)
        for key in 1...5_000 {
            queue.insert(2 * key)
            if key % 100 == 0 { queue.insert(2 * key - 301) }
            let taken = queue.removeMin()
            #expect(taken != nil)
        }
        var previous = Int.min
        var left = 0
        while let next = queue.removeMin() {
            #expect(next >= previous)
            previous = next
            left += 1
        }
        #expect(left == 51)
    }

    /// Equal keys in the run and in the heap: `min` names the one `removeMin` takes.
    @Test func minAndRemoveMinAgreeOnEqualKeys() {
        struct Tagged: Comparable {
            var key: Int
            var tag: String
            static func < (lhs: Tagged, rhs: Tagged) -> Bool { lhs.key < rhs.key }
            static func == (lhs: Tagged, rhs: Tagged) -> Bool { lhs.key == rhs.key && lhs.tag == rhs.tag }
        }
        var queue = MinHeap<Tagged>()
        queue.insert(Tagged(key: 5, tag: "run"))
        queue.insert(Tagged(key: 9, tag: "run"))
        queue.insert(Tagged(key: 5, tag: "heap"))
        while let expected = queue.min {
            #expect(queue.removeMin() == expected)
        }
    }

    @Test func keysOutOfOrderComeOutInOrder() {
        var queue = MinHeap<Int>()
        for key in [5, 1, 4, 1, 3, 2] { queue.insert(key) }
        var drained: [Int] = []
        while let next = queue.removeMin() { drained.append(next) }
        #expect(drained == [1, 1, 2, 3, 4, 5])
    }
}
