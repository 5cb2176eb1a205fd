import Synchronization

/// Fans values out to every subscriber as an `AsyncStream`.
///
/// A slow subscriber does not hold up the publisher: each stream buffers the newest
/// 1,024 values and drops older ones beyond that.
public final class Broadcast<Element: Sendable>: Sendable {
    private let subscribers = Mutex([Int: AsyncStream<Element>.Continuation]())
    private let nextID = Atomic<Int>(0)

    public init() {}

    public func subscribe() -> AsyncStream<Element> {
        let (stream, continuation) = AsyncStream.makeStream(of: Element.self, bufferingPolicy: .bufferingNewest(1024))
        let id = nextID.add(1, ordering: .relaxed).newValue
        subscribers.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in
            self?.subscribers.withLock { _ = $0.removeValue(forKey: id) }
        }
        return stream
    }

    public func publish(_ value: Element) {
        for continuation in subscribers.withLock({ Array($0.values) }) {
            continuation.yield(value)
        }
    }

    public func finish() {
        for continuation in subscribers.withLock({ Array($0.values) }) {
            continuation.finish()
        }
    }
}
