import ContactCenter
import Foundation
import Synchronization

/// Admits or refuses each tenant request on this node: a token bucket for the rate and
/// a cap on requests in flight. A refusal is a 429 with Retry-After, never a drop.
final class AdmissionControl: Sendable {
    private let settings: AdmissionSettings
    private let state = Mutex<[TenantID: TenantLoad]>([:])
    private let streams = Mutex<[TenantID: Int]>([:])
    /// Buckets run on a monotonic clock: a wall clock stepped back would stop refills.
    private let started = ContinuousClock.now

    private struct TenantLoad {
        var bucket: TokenBucket
        var inFlight = 0
    }

    init(settings: AdmissionSettings) {
        self.settings = settings
    }

    /// Runs `body` if the tenant has room; otherwise throws a 429 problem.
    func admit<T>(_ tenant: TenantID, _ body: () async throws -> T) async throws -> T {
        try enter(tenant)
        defer { leave(tenant) }
        return try await body()
    }

    private func enter(_ tenant: TenantID) throws(Problem) {
        let now = (ContinuousClock.now - started) / .seconds(1)
        let refusal: Problem? = state.withLock { loads in
            var load = loads[tenant] ?? TenantLoad(bucket: TokenBucket(
                ratePerSecond: settings.requestsPerSecond, burst: settings.burst, now: now))
            defer { loads[tenant] = load }
            guard load.inFlight < settings.inFlight else {
                return .overCapacity(retryAfterSeconds: 1,
                                     detail: "the tenant has \(settings.inFlight) requests in flight on this node")
            }
            if case .refused(let wait) = load.bucket.take(now: now) {
                return .overCapacity(retryAfterSeconds: max(1, Int(wait.rounded(.up))),
                                     detail: "the tenant is over \(Int(settings.requestsPerSecond)) requests/s on this node")
            }
            load.inFlight += 1
            return nil
        }
        if let refusal { throw refusal }
    }

    /// Holds one of the tenant's event-stream places while `body` runs, or throws 429.
    func stream<T>(_ tenant: TenantID, _ body: () async throws -> T) async throws -> T {
        let admitted = streams.withLock { open in
            guard open[tenant, default: 0] < settings.streams else { return false }
            open[tenant, default: 0] += 1
            return true
        }
        guard admitted else {
            throw Problem.overCapacity(retryAfterSeconds: 5,
                                       detail: "the tenant has \(settings.streams) event streams open on this node")
        }
        defer { streams.withLock { $0[tenant, default: 1] -= 1 } }
        return try await body()
    }

    private func leave(_ tenant: TenantID) {
        state.withLock { $0[tenant]?.inFlight -= 1 }
    }
}
