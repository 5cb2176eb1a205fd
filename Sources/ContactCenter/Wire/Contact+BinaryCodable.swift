import ClusterSystem

/// Every new contact crosses the wire at least three times as a `Contact` (the call to
/// its routing domain, the domain's log record and its replication), and its customer's
/// session entry twice more: hand-written, with the bytes of the `Codable` conformance.
extension Contact: BinaryCodable {
    public func write(to writer: inout ByteWriter) {
        writer.writeVarint(7 + (waitingSince == nil ? 0 : 1) + (previousContact == nil ? 0 : 1))
        writer.writeField("id") { $0.writeVarint(id.rawValue) }
        writer.writeField("channel") { $0.writeVarint(UInt64(channel.rawValue)) }
        writer.writeField("customer") { $0.writeVarint(customer.rawValue) }
        writer.writeField("tier") { $0.writeVarint(UInt64(tier.rawValue)) }
        writer.writeField("intent") { $0.writeString(intent) }
        writer.writeField("attributes") { $0.writeStringDictionary(attributes) }
        writer.writeField("queue") { $0.writeVarint(UInt64(queue.rawValue)) }
        if let waitingSince {
            writer.writeField("waitingSince") { waitingSince.write(to: &$0) }
        }
        if let previousContact {
            writer.writeField("previousContact") { $0.writeVarint(previousContact.rawValue) }
        }
    }

    public init(reading reader: inout ByteReader) throws {
        var id: ContactID?
        var channel: Channel?
        var customer: CustomerID?
        var tier: ValueTier?
        var intent: String?
        var attributes: [String: String]?
        var queue: QueueID?
        var waitingSince: Timestamp?
        var previousContact: ContactID?
        try reader.readFields { key, value in
            switch key {
            case "id": id = ContactID(try value.readUnsignedValue(UInt64.self))
            case "channel": channel = try Channel.reading(&value)
            case "customer": customer = CustomerID(try value.readUnsignedValue(UInt64.self))
            case "tier": tier = try ValueTier.reading(&value)
            case "intent": intent = try value.readStringValue()
            case "attributes": attributes = try value.readStringDictionary()
            case "queue": queue = QueueID(try value.readUnsignedValue(UInt32.self))
            // An empty value is nil, as the generic decoder reads an optional.
            case "waitingSince": waitingSince = value.isAtEnd ? nil : try Timestamp(reading: &value)
            case "previousContact": previousContact = value.isAtEnd ? nil : ContactID(try value.readUnsignedValue(UInt64.self))
            // Unknown keys are skipped, as by the synthesized conformance.
            default: break
            }
        }
        guard let id else { throw WireError.missingField("id", of: Contact.self) }
        guard let channel else { throw WireError.missingField("channel", of: Contact.self) }
        guard let customer else { throw WireError.missingField("customer", of: Contact.self) }
        guard let tier else { throw WireError.missingField("tier", of: Contact.self) }
        guard let intent else { throw WireError.missingField("intent", of: Contact.self) }
        guard let attributes else { throw WireError.missingField("attributes", of: Contact.self) }
        guard let queue else { throw WireError.missingField("queue", of: Contact.self) }
        self.init(id: id, channel: channel, customer: customer, tier: tier, intent: intent, attributes: attributes,
                  queue: queue, waitingSince: waitingSince, previousContact: previousContact)
    }
}

extension RawRepresentable where RawValue == UInt8 {
    /// A whole value that is the raw value's varint, checked against the cases.
    static func reading(_ reader: inout ByteReader) throws -> Self {
        let raw = try reader.readUnsignedValue(UInt8.self)
        guard let value = Self(rawValue: raw) else { throw WireError.malformed("\(raw) is not a \(Self.self)") }
        return value
    }
}
