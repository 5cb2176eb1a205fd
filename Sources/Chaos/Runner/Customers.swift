import Foundation

/// The scenario's customers: each planned arrival at its moment, through a gateway the
/// pool offers, and a hang-up when its patience runs out unanswered. Every request and
/// its answer go into the book.
struct Customers: Sendable {
    let plan: [PlannedArrival]
    let pool: GatewayPool
    let book: RecordBook
    let adminKey: String

    /// Sends every arrival on time; returns when the last was sent. Customers still
    /// waiting go on waiting until cancelled.
    func run() async {
        await withDiscardingTaskGroup { group in
            for arrival in plan {
                let wait = arrival.at - book.now()
                if wait > 0 { try? await Task.sleep(for: .seconds(wait)) }
                if Task.isCancelled { return }
                group.addTask { await self.arrive(arrival) }
            }
        }
    }

    private func arrive(_ arrival: PlannedArrival) async {
        let body: [String: Any] = [
            "channel": arrival.channel, "customerId": arrival.customer, "queueId": arrival.queue,
            "tier": arrival.gold ? "gold" : "standard", "intent": "support",
        ]
        let sent = book.now()
        var reply: GatewayClient.Reply?
        // A refused connection means the gateway is down: a client with several endpoints
        // tries the next. Any other failure may have landed, so it is not retried.
        for _ in 0..<3 {
            do {
                reply = try await client().send("POST", "/v1/contacts", body)
                break
            } catch let error as URLError where error.code == .cannotConnectToHost {
                try? await Task.sleep(for: .milliseconds(100))
            } catch {
                break
            }
        }
        let latency = (book.now() - sent) * 1_000
        book.request(RequestRecord(at: sent, latencyMs: latency, status: reply?.status ?? 0,
                                   retryAfter: reply?.retryAfter != nil, queue: arrival.queue))
        guard let reply, reply.status == 201, let contact = reply.json["contactId"] as? String else { return }
        book.acknowledged(ContactRecord(contactId: contact, queue: arrival.queue, channel: arrival.channel, at: sent),
                          arrival: arrival)

        let patienceEnds = sent + arrival.patience
        while book.now() < patienceEnds {
            try? await Task.sleep(for: .milliseconds(250))
            if Task.isCancelled || book.isAnswered(contact) { return }
        }
        await abandon(contact)
    }

    /// Hangs up, unless an agent has answered meanwhile. Only an answer saying the contact
    /// is now abandoned confirms it; one that never came leaves it for the audit.
    private func abandon(_ contact: String) async {
        let attempt = book.now()
        var statuses: [Int] = []
        for _ in 0..<5 where !book.isAnswered(contact) {
            let reply = try? await client().send("POST", "/v1/contacts/\(contact)/abandon")
            if let reply, reply.isSuccess, reply.json["state"] as? String != "abandoned" {
                statuses.append(409)
            } else {
                statuses.append(reply?.status ?? 0)
            }
            if let outcome = StepOutcome.after(statuses) {
                if outcome != .refused {
                    book.abandoned(AbandonRecord(contactId: contact, at: attempt, confirmed: outcome == .confirmed))
                }
                return
            }
            if Task.isCancelled { break }
            try? await Task.sleep(for: .seconds(1))
        }
        if !statuses.isEmpty { book.abandoned(AbandonRecord(contactId: contact, at: attempt, confirmed: false)) }
    }

    private func client() -> GatewayClient {
        GatewayClient(pool.next().address, key: adminKey, timeout: 10)
    }
}
