import ContactCenter

struct ContactRequest: Decodable {
    static let attributeBytes = 16 * 1024

    var channel: WireChannel
    var customerId: Int
    var queueId: Int
    var tier: WireTier?
    var intent: String?
    var attributes: [String: String]?

    func contact(id: ContactID) throws(Problem) -> Contact {
        guard (1...(1 << 53)).contains(customerId) else {
            throw FieldError(field: "customerId", problem: "must be an integer from 1 to 2^53").asProblem
        }
        let intent = self.intent ?? ""
        guard intent.count <= 100, intent.utf8.count <= 400 else {
            throw FieldError(field: "intent", problem: "must be at most 100 characters").asProblem
        }
        let attributes = self.attributes ?? [:]
        guard attributes.count <= 32 else { throw FieldError(field: "attributes", problem: "must have at most 32 entries").asProblem }
        for (key, value) in attributes where key.isEmpty || key.count > 64 || value.count > 512 {
            throw FieldError(field: "attributes.\(key.prefix(64))",
                             problem: "keys must be 1 to 64 characters and values at most 512").asProblem
        }
        // A contact travels whole in log records and stream pages: its attributes stay
        // within 16 KiB however many bytes their characters take.
        guard attributes.reduce(0, { $0 + $1.key.utf8.count + $1.value.utf8.count }) <= Self.attributeBytes else {
            throw FieldError(field: "attributes", problem: "must take at most \(Self.attributeBytes) bytes in UTF-8").asProblem
        }
        return Contact(id: id, channel: channel.channel, customer: CustomerID(UInt64(customerId)),
                       tier: (tier ?? .standard).tier, intent: intent, attributes: attributes,
                       queue: QueueID(try Check.id(queueId, field: "queueId")))
    }
}

struct TransferRequest: Decodable {
    var queueId: Int
}

struct ContactView: Encodable {
    var contactId: String
    var state: WireContactState
    var region: String
    var queueId: UInt32?
    var reason: String?
    var customerId: UInt64?
}

struct SessionView: Encodable {
    struct Entry: Encodable {
        var contactId: String
        var channel: WireChannel
        var intent: String
        var queueId: UInt32
        var at: Double
        var previousContactId: String?
    }

    var customerId: UInt64
    var entries: [Entry]

    init(_ session: Session) {
        customerId = session.customer.rawValue
        entries = session.entries.map {
            Entry(contactId: "\($0.contact.rawValue)", channel: WireChannel($0.channel), intent: $0.intent,
                  queueId: $0.queue.rawValue, at: $0.at.seconds, previousContactId: $0.previousContact.map { "\($0.rawValue)" })
        }
    }
}

/// Contact and reservation IDs travel as decimal strings: they use all 64 bits, more
/// than a JSON number keeps exactly in JavaScript.
enum BigID {
    static func parse(_ text: String, field: String) throws(Problem) -> UInt64 {
        guard let value = UInt64(text), value > 0 else {
            throw FieldError(field: field, problem: "must be a positive decimal integer").asProblem
        }
        return value
    }
}
