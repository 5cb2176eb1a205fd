import Foundation
import Synchronization

/// One agent at a desktop: available, then each offer on its event stream is accepted
/// after a moment, handled for the customer's time and completed. It writes down only
/// what the API confirmed to it, in its own log; when an answer does not come, it finds
/// out by trying the next step, as a person at a desktop would.
final class SimulatedAgent: Sendable {
    let id: Int
    let region: String
    let key: String
    private let pool: GatewayPool
    private let book: RecordBook
    private let load: LoadProfile
    private let shift = Mutex(Shift())

    private struct Shift {
        /// Set when the agent should let go of everything now: the run's end, or its region gone.
        var over = false
        /// Set when it should take no new offers.
        var closed = false
        var holding: Set<String> = []
    }

    init(id: Int, region: String, key: String, pool: GatewayPool, book: RecordBook, load: LoadProfile) {
        self.id = id
        self.region = region
        self.key = key
        self.pool = pool
        self.book = book
        self.load = load
    }

    /// Works until cancelled.
    func run() async {
        while !Task.isCancelled {
            if (try? await desk().send("POST", "/v1/agents/\(id)/status", ["status": "available"]))?.isSuccess == true { break }
            try? await Task.sleep(for: .milliseconds(500))
        }
        let stream = EventStream(gateways: pool.addresses(preferring: region), path: "/v1/agents/\(id)/events", key: key)
        let (offers, sink) = AsyncStream.makeStream(of: Offer.self)
        await withDiscardingTaskGroup { group in
            group.addTask {
                await stream.run { text in
                    if let offer = Offer(text) { sink.yield(offer) }
                }
                sink.finish()
            }
            for await offer in offers {
                let take = shift.withLock { shift in
                    guard !shift.closed, !shift.holding.contains(offer.contact) else { return false }
                    shift.holding.insert(offer.contact)
                    return true
                }
                if take { group.addTask { await self.handle(offer) } }
            }
        }
    }

    /// An offer event on the agent's stream.
    private struct Offer: Sendable {
        var contact: String
        var reservation: String
        var channel: String

        init?(_ text: String) {
            guard let event = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                  event["type"] as? String == "offer",
                  let reservation = event["reservation"] as? [String: Any],
                  let reservationID = reservation["reservationId"] as? String,
                  let contact = reservation["contactId"] as? String,
                  let channel = reservation["channel"] as? String else { return nil }
            self.contact = contact
            self.reservation = reservationID
            self.channel = channel
        }
    }

    /// The run is ending: no new offers, and what it holds is completed at once.
    func endShift() {
        shift.withLock {
            $0.closed = true
            $0.over = true
        }
    }

    /// Its region is gone: it logs off (so its domain offers it nothing more) and finishes
    /// what it holds through another region's gateway.
    func leave() async {
        shift.withLock { $0.closed = true }
        while !Task.isCancelled {
            if (try? await desk().send("POST", "/v1/agents/\(id)/status", ["status": "offline"]))?.isSuccess == true { break }
            try? await Task.sleep(for: .milliseconds(500))
        }
        book.agentGone(id, at: book.now())
    }

    var isIdle: Bool { shift.withLock { $0.holding.isEmpty } }

    private func desk() -> GatewayClient {
        GatewayClient(pool.next(in: region).address, key: key, timeout: 5)
    }

    private func handle(_ offer: Offer) async {
        let contact = offer.contact
        defer { _ = shift.withLock { $0.holding.remove(contact) } }
        try? await Task.sleep(for: .milliseconds(100))
        guard let accepted = await accept(offer.reservation) else { return }
        book.answered(contact)
        let talk = book.arrival(of: contact)?.handleSeconds ?? load.handleSeconds
        let end = ContinuousClock.now + .seconds(talk)
        while ContinuousClock.now < end, !shift.withLock({ $0.over }), !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(100))
        }
        let (completedAt, completed) = await complete(contact)
        // An accept that was never confirmed counts only if the completion shows it applied.
        guard accepted.confirmed || completed else { return }
        book.handled(HandlingRecord(contactId: contact, agent: id, region: region, channel: offer.channel,
                                    acceptedAt: accepted.at, completedAt: completedAt, completed: completed))
    }

    /// When the accept was sent (unconfirmed) or answered (confirmed); nil when the API
    /// refused it. An accept whose answer was lost is settled by the completion.
    private func accept(_ reservation: String) async -> (at: Double, confirmed: Bool)? {
        var firstUnanswered: Double?
        for _ in 0..<3 {
            let sent = book.now()
            let reply = try? await desk().send("POST", "/v1/agents/\(id)/reservations/\(reservation)/accept")
            if let reply, reply.isSuccess { return (book.now(), true) }
            if let reply, reply.status < 500, reply.status != 429 {
                // Refused: unless an earlier attempt got no answer and may have been the one that took it.
                return firstUnanswered.map { ($0, false) }
            }
            if reply == nil, firstUnanswered == nil { firstUnanswered = sent }
            try? await Task.sleep(for: .milliseconds(300))
        }
        return firstUnanswered.map { ($0, false) }
    }

    /// Completes with retries while answers are missing or the shard is moving. Returns
    /// when the agent let go of the contact and whether the API completed it.
    private func complete(_ contact: String) async -> (Double, Bool) {
        let first = book.now()
        var unsure = false
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline, !Task.isCancelled {
            let reply = try? await desk().send("POST", "/v1/agents/\(id)/contacts/\(contact)/complete", ["notes": "resolved"])
            if let reply, reply.isSuccess { return (first, true) }
            if let reply, reply.status < 500, reply.status != 429 {
                // Refused after an attempt that got no answer: that attempt completed it.
                return (first, unsure)
            }
            unsure = unsure || reply == nil
            try? await Task.sleep(for: .milliseconds(500))
        }
        return (first, false)
    }
}
