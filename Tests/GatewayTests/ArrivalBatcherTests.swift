import ContactCenter
import Testing
@testable import Gateway

/// The batcher's calls go to `HeldCalls`, which holds each until the test answers it:
/// what waits, what goes together, and who hears what.
@Suite(.timeLimit(.minutes(1)))
struct ArrivalBatcherTests {
    /// Calls as the batcher made them (their contacts' IDs), each held until released.
    actor HeldCalls {
        private(set) var batches: [[UInt64]] = []
        private var held: [CheckedContinuation<Problem?, Never>] = []
        private var released = 0

        /// Holds the call until `release` answers it, with `failure` if one is given.
        func hold(_ batch: [ContactArrival]) async -> Problem? {
            batches.append(batch.map(\.contact.id.rawValue))
            return await withCheckedContinuation { held.append($0) }
        }

        /// Answers the oldest call not yet answered.
        func release(failing failure: Problem? = nil) {
            held[released].resume(returning: failure)
            released += 1
        }

        func waitForCalls(_ count: Int) async {
            while batches.count < count { await Task.yield() }
        }
    }

    static func contact(_ id: UInt64) -> ContactArrival {
        ContactArrival(Contact(id: ContactID(id), channel: .chat, customer: CustomerID(id), tier: .standard,
                               intent: "test", queue: QueueID(1)), request: nil)
    }

    /// Even contacts are offered, odd ones queued: each arrival must hear its own.
    static func outcome(of id: UInt64) -> ArrivalOutcome { id.isMultiple(of: 2) ? .offered : .queued }

    func batcher(_ calls: HeldCalls, maximumCalls: Int = 4, batchLimit: Int = 64) -> ArrivalBatcher {
        ArrivalBatcher(maximumCalls: maximumCalls, batchLimit: batchLimit) { batch throws(Problem) in
            if let failure = await calls.hold(batch) { throw failure }
            return batch.map { Self.outcome(of: $0.contact.id.rawValue) }
        }
    }

    /// Starts the arrival of `id` and returns once it is sent or waiting.
    func start(_ id: UInt64, on batcher: ArrivalBatcher, calls: HeldCalls,
               expectingCalls: Int) async -> Task<Result<ArrivalOutcome, Problem>, Never> {
        let waitingBefore = batcher.waitingCount
        let task = Task { () -> Result<ArrivalOutcome, Problem> in
            do throws(Problem) { return .success(try await batcher.arrive(Self.contact(id))) } catch { return .failure(error) }
        }
        while await calls.batches.count < expectingCalls && batcher.waitingCount == waitingBefore { await Task.yield() }
        return task
    }

    @Test func anArrivalFindingNoCallInFlightGoesAtOnceAlone() async throws {
        let calls = HeldCalls()
        let batcher = batcher(calls)
        let first = await start(2, on: batcher, calls: calls, expectingCalls: 1)
        await calls.waitForCalls(1)
        await calls.release()
        #expect(try await first.value.get() == .offered)
        let second = await start(3, on: batcher, calls: calls, expectingCalls: 2)
        await calls.waitForCalls(2)
        await calls.release()
        #expect(try await second.value.get() == .queued)
        #expect(await calls.batches == [[2], [3]])
        #expect(batcher.waitingCount == 0)
    }

    @Test func arrivalsDuringACallGoTogetherInTheirOrderAndEachHearsItsOwn() async throws {
        let calls = HeldCalls()
        let batcher = batcher(calls)
        let first = await start(1, on: batcher, calls: calls, expectingCalls: 1)
        var waiting: [(UInt64, Task<Result<ArrivalOutcome, Problem>, Never>)] = []
        for id in UInt64(2)...6 {
            waiting.append((id, await start(id, on: batcher, calls: calls, expectingCalls: 2)))
        }
        #expect(batcher.waitingCount == 5)
        #expect(await calls.batches == [[1]])
        await calls.release()
        #expect(try await first.value.get() == .queued)
        await calls.waitForCalls(2)
        #expect(await calls.batches == [[1], [2, 3, 4, 5, 6]])
        await calls.release()
        for (id, task) in waiting { #expect(try await task.value.get() == Self.outcome(of: id)) }
        #expect(batcher.waitingCount == 0)
    }

    @Test func aFailedCallFailsEachOfItsArrivalsAndThoseWaitingStillGo() async throws {
        let calls = HeldCalls()
        let batcher = batcher(calls)
        let failure = Problem.unavailable("the domain is moving")
        let first = await start(1, on: batcher, calls: calls, expectingCalls: 1)
        let second = await start(2, on: batcher, calls: calls, expectingCalls: 2)
        let third = await start(3, on: batcher, calls: calls, expectingCalls: 2)
        await calls.release()
        await calls.waitForCalls(2)
        await calls.release(failing: failure)
        #expect(try await first.value.get() == .queued)
        #expect(await second.value == .failure(failure))
        #expect(await third.value == .failure(failure))
        // Nothing is left in flight: the next arrival goes at once.
        let fourth = await start(4, on: batcher, calls: calls, expectingCalls: 3)
        await calls.waitForCalls(3)
        await calls.release()
        #expect(try await fourth.value.get() == .offered)
        #expect(await calls.batches == [[1], [2, 3], [4]])
    }

    /// A whole batch waiting starts another call, up to the most calls; beyond that,
    /// arrivals wait for a call to finish, and the next batch is at most the limit.
    @Test func aWholeBatchWaitingStartsAnotherCallUpToTheMost() async throws {
        let calls = HeldCalls()
        let batcher = batcher(calls, maximumCalls: 2, batchLimit: 2)
        var tasks: [Task<Result<ArrivalOutcome, Problem>, Never>] = []
        tasks.append(await start(1, on: batcher, calls: calls, expectingCalls: 1))
        tasks.append(await start(2, on: batcher, calls: calls, expectingCalls: 2))
        tasks.append(await start(3, on: batcher, calls: calls, expectingCalls: 2))
        await calls.waitForCalls(2)
        #expect(await calls.batches == [[1], [2, 3]])
        for id in UInt64(4)...6 { tasks.append(await start(id, on: batcher, calls: calls, expectingCalls: 3)) }
        #expect(await calls.batches.count == 2)
        #expect(batcher.waitingCount == 3)
        await calls.release()
        await calls.waitForCalls(3)
        #expect(await calls.batches == [[1], [2, 3], [4, 5]])
        await calls.release()
        await calls.release()
        await calls.waitForCalls(4)
        #expect(await calls.batches == [[1], [2, 3], [4, 5], [6]])
        await calls.release()
        for (index, task) in tasks.enumerated() {
            #expect(try await task.value.get() == Self.outcome(of: UInt64(index + 1)))
        }
        #expect(batcher.waitingCount == 0)
    }
}
