import Sharding
import Testing

struct AnsweredRequestsTests {
    private func request(_ number: UInt64) -> RequestID { RequestID(client: 7, number: number) }

    @Test func anAnswerIsKeptForItsRequestOnly() {
        var answered = AnsweredRequests<String>()
        answered.remember("offered", for: request(1), at: 100)
        #expect(answered.answer(to: request(1)) == "offered")
        #expect(answered.answer(to: request(2)) == nil)
        #expect(answered.answer(to: RequestID(client: 8, number: 1)) == nil)
    }

    @Test func answersOlderThanTheRetentionAreForgotten() {
        var answered = AnsweredRequests<Int>(retention: 30, capacity: 1_000)
        answered.remember(1, for: request(1), at: 100)
        answered.remember(2, for: request(2), at: 120)
        answered.remember(3, for: request(3), at: 130)
        #expect(answered.answer(to: request(1)) == 1, "exactly 30 s old is still kept")
        answered.remember(4, for: request(4), at: 140)
        #expect(answered.answer(to: request(1)) == nil)
        #expect(answered.answer(to: request(2)) == 2)
        #expect(answered.count == 3)
    }

    /// Whatever the rate of calls, at most `capacity` answers are held, the newest ones.
    @Test func theCapacityBoundsMemoryAtAnyRate() {
        var answered = AnsweredRequests<UInt64>(retention: 3_600, capacity: 500)
        for number in 1...10_000 as ClosedRange<UInt64> {
            answered.remember(number, for: request(number), at: 0)
            #expect(answered.count == min(Int(number), 500))
        }
        #expect(answered.answer(to: request(9_500)) == nil)
        #expect(answered.answer(to: request(9_501)) == 9_501)
        #expect(answered.answer(to: request(10_000)) == 10_000)
    }

    /// The first answer is the one a caller may have seen; a later one changes nothing.
    @Test func aRequestKeepsItsFirstAnswerAndPlace() {
        var answered = AnsweredRequests<Int>(retention: 3_600, capacity: 2)
        answered.remember(1, for: request(1), at: 0)
        answered.remember(2, for: request(1), at: 1)
        answered.remember(3, for: request(2), at: 2)
        #expect(answered.count == 2)
        #expect(answered.answer(to: request(1)) == 1)
        answered.remember(4, for: request(3), at: 3)
        #expect(answered.answer(to: request(1)) == nil)
    }
}
