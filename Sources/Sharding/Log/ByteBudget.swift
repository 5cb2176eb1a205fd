/// Keeps what one message carries under the transport's frame limit (8 MiB by
/// default): pages, rounds and client batches stop adding items at this many bytes.
/// 4 MiB leaves room for the envelope and still moves thousands of typical entries.
enum ByteBudget {
    static let perMessage = 4 << 20

    /// The longest prefix whose estimated size fits `budget`; never empty when
    /// `items` is not, so an item larger than the budget still moves alone (the
    /// payload limit keeps it under the frame limit).
    static func prefix<Items: Collection>(_ items: Items, budget: Int = perMessage,
                                          size: (Items.Element) -> Int) -> Items.SubSequence {
        var used = 0
        var end = items.startIndex
        while end != items.endIndex {
            used += size(items[end])
            if used > budget && end != items.startIndex { break }
            end = items.index(after: end)
        }
        return items[..<end]
    }
}

extension LogEntry {
    /// The entry's size in a message, near enough for budgeting.
    var estimatedBytes: Int { payload.count + origin.address.host.utf8.count + 48 }
}

extension ShardWrite {
    var estimatedBytes: Int { payload.count + 32 }
}
