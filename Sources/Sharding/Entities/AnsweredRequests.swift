/// What an entity answered to recent requests, by the caller's `RequestID`.
///
/// An `EntityRef` calls again when a call may not have run: its connection was lost,
/// or the shard moved. Sometimes it had run, and its event is in the log the new
/// primary replayed. Answering such a call from here gives the caller the first
/// answer and applies nothing twice.
///
/// An entity feeds this in log order, live and in replay alike, so a new primary knows
/// the answers its predecessor gave for every request in the log.
///
/// Answers are kept at least `retention` seconds of record time, longer than an
/// `EntityRef` retries (10 s by default), and at most `capacity` of them, so memory stays
/// bounded at any rate of calls. They are forgotten as newer ones come, so a quiet entity
/// keeps its last ones. Record times come from each primary's clock: one more than
/// `retention` ahead of its predecessor's forgets the predecessor's answers at its first.
public struct AnsweredRequests<Answer: Sendable>: Sendable {
    public let retention: Double
    public let capacity: Int
    private var answers: [RequestID: Answer] = [:]
    private var order: [(request: RequestID, at: Double)] = []
    private var head = 0

    public init(retention: Double = 30, capacity: Int = 50_000) {
        precondition(retention > 0 && capacity > 0, "answers must be kept for some time and some number")
        self.retention = retention
        self.capacity = capacity
    }

    public var count: Int { answers.count }

    public func answer(to request: RequestID) -> Answer? {
        answers[request]
    }

    /// Keeps `answer` for `request`, given at `time` (seconds, the record's time), unless
    /// the request was answered already: the first answer is the one the caller may have
    /// seen. Forgets what is older than the retention or beyond the capacity.
    public mutating func remember(_ answer: Answer, for request: RequestID, at time: Double) {
        guard answers[request] == nil else { return }
        answers[request] = answer
        order.append((request, time))
        while head < order.count, order.count - head > capacity || order[head].at < time - retention {
            answers[order[head].request] = nil
            head += 1
        }
        // Compacted once the forgotten prefix outweighs what is kept: amortised O(1).
        if head > 1_024, head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
    }
}
