import Testing
@testable import Gateway

struct TokenBucketTests {
    @Test func admitsTheBurstThenTheRate() {
        var bucket = TokenBucket(ratePerSecond: 10, burst: 5, now: 0)
        for _ in 0..<5 { #expect(bucket.take(now: 0) == .admitted) }
        guard case .refused(let wait) = bucket.take(now: 0) else {
            Issue.record("the sixth request at once was admitted")
            return
        }
        #expect(abs(wait - 0.1) < 1e-9)
        #expect(bucket.take(now: 0.1) == .admitted)
        #expect(bucket.take(now: 0.1) != .admitted)
        // A long pause refills to the burst, never beyond.
        for _ in 0..<5 { #expect(bucket.take(now: 100) == .admitted) }
        #expect(bucket.take(now: 100) != .admitted)
    }

    @Test func timeRunningBackwardsGrantsNothing() {
        var bucket = TokenBucket(ratePerSecond: 1, burst: 1, now: 10)
        #expect(bucket.take(now: 10) == .admitted)
        #expect(bucket.take(now: 5) != .admitted)
    }
}
