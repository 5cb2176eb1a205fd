import Foundation
import Synchronization

/// One agent at a desktop: available, then each offer on its event stream is accepted
/// after a moment, handled for the customer's time and completed. Its log says, for each
/// step, whether the API confirmed it, refused it, or left it unsure (`StepOutcome`);
/// the verdicts and the final audit decide what an unsure step did.
final class SimulatedAgent: Sendable {
    let id: Int
    let region: String
    let key: String
    private let pool: GatewayPool
    private let book: RecordBook
    private let load: LoadProfile
    private let shift = Mutex(Shift())

    private struct Shift {
        /// Set when the agent should complete what it holds now: the run's end.
        var over = false
        /// Set when it should take no new offers.
        var closed = false
        var holding: Set<String> = []
        var ready = false
    }

    init(id: Int, region: String, key: String, pool: GatewayPool, book: RecordBook, load: LoadProfile) {
        self.id = id
        self.region = region
        self.key = key
        self.pool = pool
        self.book = book
        self.load = load
    }

    /// Works until cancelled: its stream first, so that no offer comes before it
    /// listens, then available. An agent routing sets to `missed` (offers that timed out
    /// while a shard moved) goes available again.
    func run() async {
        let stream = EventStream(gateways: pool.addresses(preferring: region), path: "/v1/agents/\(id)/events", key: key)
        let (events, sink) = AsyncStream.makeStream(of: DeskEvent.self)
        await withDiscardingTaskGroup { group in
            group.addTask {
                await stream.run { text in
                    if let event = DeskEvent(text) { sink.yield(event) }
                }
                sink.finish()
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(1))
                await self.goAvailable()
                self.shift.withLock { $0.ready = true }
            }
            for await event in events {
                switch event {
                case .offer(let offer):
                    let take = shift.withLock { shift in
                        guard !shift.closed, !shift.holding.contains(offer.contact) else { return false }
                        shift.holding.insert(offer.contact)
                        return true
                    }
                    if take { group.addTask { await self.handle(offer) } }
                case .missed:
                    if !shift.withLock({ $0.closed }) { group.addTask { await self.goAvailable() } }
                }
            }
        }
    }

    /// Whether it has gone available once.
    var isReady: Bool { shift.withLock { $0.ready } }

    private func goAvailable() async {
        while !Task.isCancelled, !shift.withLock({ $0.closed }) {
            if (try? await desk().send("POST", "/v1/agents/\(id)/status", ["status": "available"]))?.isSuccess == true { return }
            try? await Task.sleep(for: .milliseconds(500))
        }
    }

    /// What the agent's stream tells it that it acts on.
    private enum DeskEvent: Sendable {
        case offer(Offer)
        case missed

        init?(_ text: String) {
            guard let event = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
            switch event["type"] as? String {
            case "offer":
                guard let reservation = event["reservation"] as? [String: Any],
                      let reservationID = reservation["reservationId"] as? String,
                      let contact = reservation["contactId"] as? String,
                      let channel = reservation["channel"] as? String else { return nil }
                self = .offer(Offer(contact: contact, reservation: reservationID, channel: channel))
            case "agent-status" where event["status"] as? String == "missed":
                self = .missed
            default:
                return nil
            }
        }
    }

    private struct Offer: Sendable {
        var contact: String
        var reservation: String
        var channel: String
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
        let deadline = ContinuousClock.now + .seconds(60)
        while !Task.isCancelled, ContinuousClock.now < deadline {
            if (try? await desk().send("POST", "/v1/agents/\(id)/status", ["status": "offline"]))?.isSuccess == true { break }
            try? await Task.sleep(for: .milliseconds(500))
        }
        book.agentGone(id, at: book.now())
    }

    var isIdle: Bool { shift.withLock { $0.holding.isEmpty } }

    /// Longer than the gateway's own deadline for a call to a shard, so that a slow
    /// answer arrives rather than turning into an unsure step.
    private func desk() -> GatewayClient {
        GatewayClient(pool.next(in: region).address, key: key, timeout: 12)
    }

    private func handle(_ offer: Offer) async {
        let contact = offer.contact
        defer { _ = shift.withLock { $0.holding.remove(contact) } }
        try? await Task.sleep(for: .milliseconds(100))
        let accept = await settle("/v1/agents/\(id)/reservations/\(offer.reservation)/accept", attempts: 3)
        guard accept.outcome != .refused else { return }
        // Unsure, it talks anyway: the completion, or the audit, shows whether it had the contact.
        if accept.outcome == .confirmed { book.answered(contact) }
        let talk = book.arrival(of: contact)?.handleSeconds ?? load.handleSeconds
        let end = ContinuousClock.now + .seconds(talk)
        while ContinuousClock.now < end, !shift.withLock({ $0.over }), !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(100))
        }
        let completion = await settle("/v1/agents/\(id)/contacts/\(contact)/complete", body: ["notes": "resolved"], attempts: 30)
        book.handled(HandlingRecord(contactId: contact, agent: id, region: region, channel: offer.channel,
                                    acceptedAt: accept.confirmedAt ?? accept.firstSent, completedAt: completion.firstSent,
                                    completed: completion.outcome == .confirmed,
                                    acceptConfirmed: accept.outcome == .confirmed,
                                    completionUnsure: completion.outcome == .unsure))
    }

    /// Sends one desk action until it is confirmed or refused, or the attempts run out.
    private func settle(_ path: String, body: [String: Any]? = nil,
                        attempts: Int) async -> (outcome: StepOutcome, firstSent: Double, confirmedAt: Double?) {
        let firstSent = book.now()
        var statuses: [Int] = []
        for _ in 0..<attempts {
            statuses.append((try? await desk().send("POST", path, body))?.status ?? 0)
            if let outcome = StepOutcome.after(statuses) {
                return (outcome, firstSent, outcome == .confirmed ? book.now() : nil)
            }
            if Task.isCancelled { break }
            try? await Task.sleep(for: .milliseconds(500))
        }
        return (.unsure, firstSent, nil)
    }
}
