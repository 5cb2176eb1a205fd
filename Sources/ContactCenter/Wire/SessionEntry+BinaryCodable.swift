import ClusterSystem

/// A customer's session gains one on every new contact, and is read back whole.
extension Session.Entry: BinaryCodable {
    public func write(to writer: inout ByteWriter) {
        writer.writeVarint(5 + (previousContact == nil ? 0 : 1))
        writer.writeField("contact") { $0.writeVarint(contact.rawValue) }
        writer.writeField("channel") { $0.writeVarint(UInt64(channel.rawValue)) }
        writer.writeField("intent") { $0.writeString(intent) }
        writer.writeField("queue") { $0.writeVarint(UInt64(queue.rawValue)) }
        writer.writeField("at") { at.write(to: &$0) }
        if let previousContact {
            writer.writeField("previousContact") { $0.writeVarint(previousContact.rawValue) }
        }
    }

    public init(reading reader: inout ByteReader) throws {
        var contact: ContactID?
        var channel: Channel?
        var intent: String?
        var queue: QueueID?
        var at: Timestamp?
        var previousContact: ContactID?
        try reader.readFields { key, value in
            switch key {
            case "contact": contact = ContactID(try value.readUnsignedValue(UInt64.self))
            case "channel": channel = try Channel.reading(&value)
            case "intent": intent = try value.readStringValue()
            case "queue": queue = QueueID(try value.readUnsignedValue(UInt32.self))
            case "at": at = try Timestamp(reading: &value)
            case "previousContact": previousContact = value.isAtEnd ? nil : ContactID(try value.readUnsignedValue(UInt64.self))
            default: break
            }
        }
        guard let contact else { throw WireError.missingField("contact", of: Session.Entry.self) }
        guard let channel else { throw WireError.missingField("channel", of: Session.Entry.self) }
        guard let intent else { throw WireError.missingField("intent", of: Session.Entry.self) }
        guard let queue else { throw WireError.missingField("queue", of: Session.Entry.self) }
        guard let at else { throw WireError.missingField("at", of: Session.Entry.self) }
        self.init(contact: contact, channel: channel, intent: intent, queue: queue, at: at, previousContact: previousContact)
    }
}
