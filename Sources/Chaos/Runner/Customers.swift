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
        // With an idempotency key the request is safe to send again whatever became of
        // it, so a 503 or a lost answer is tried again through another gateway, as a
        // tenant's system would; the gateway names the contact the first attempt created.
        let key = ["Idempotency-Key": UUID().uuidString]
        let sent = book.now()
        var reply: GatewayClient.Reply?
        for _ in 0..<3 where !Task.isCancelled {
            let attempt = book.now()
            let answer: GatewayClient.Reply?
            do {
                answer = try await client().send("POST", "/v1/contacts", body, headers: key)
            } catch let error as URLError where error.code == .cannotConnectToHost {
                // That gateway is down and saw nothing: the next one is tried, and only
                // requests a gateway received are recorded.
                try? await Task.sleep(for: .milliseconds(100))
                continue
            } catch {
                answer = nil
            }
            reply = answer
            book.request(RequestRecord(at: attempt, latencyMs: (book.now() - attempt) * 1_000, status: answer?.status ?? 0,
                                       retryAfter: answer?.retryAfter != nil, queue: arrival.queue))
            guard let delay = Self.retryDelay(after: answer) else { break }
            try? await Task.sleep(for: .seconds(delay))
        }
        guard let reply, reply.status == 201, let contact = reply.json["contactId"] as? String else { return }
        book.acknowledged(ContactRecord(contactId: contact, queue: arrival.queue, channel: arrival.channel, at: sent,
                                        customer: arrival.customer),
                          arrival: arrival)

        let patienceEnds = sent + arrival.patience
        while book.now() < patienceEnds {
            try? await Task.sleep(for: .milliseconds(250))
            if Task.isCancelled || book.isAnswered(contact) { return }
        }
        await abandon(contact)
    }

    /// Seconds before a contact is sent again: after a 503, its Retry-After; after no
    /// answer at all (the request may or may not have landed), half a second. Nil for
    /// any other answer, which stands.
    private static func retryDelay(after reply: GatewayClient.Reply?) -> Double? {
        guard let reply else { return 0.5 }
        return reply.status == 503 ? Double(reply.retryAfter ?? "") ?? 1 : nil
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
