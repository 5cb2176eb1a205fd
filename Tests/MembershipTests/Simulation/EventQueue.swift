/// A binary min-heap of timed events; equal times pop in insertion order, so a
/// simulation replays exactly from its seed.
struct EventQueue<Event> {
    private struct Item {
        let time: Duration
        let order: UInt64
        let event: Event

        func precedes(_ other: Item) -> Bool {
            (time, order) < (other.time, other.order)
        }
    }

    private var items: [Item] = []
    private var nextOrder: UInt64 = 0

    var isEmpty: Bool { items.isEmpty }
    var nextTime: Duration? { items.first?.time }

    mutating func push(_ event: Event, at time: Duration) {
        nextOrder += 1
        items.append(Item(time: time, order: nextOrder, event: event))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].precedes(items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (time: Duration, event: Event)? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < items.count, items[left].precedes(items[smallest]) { smallest = left }
            if right < items.count, items[right].precedes(items[smallest]) { smallest = right }
            guard smallest != parent else { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
        return (top.time, top.event)
    }
}
