import ClusterSystem
@testable import ContactCenter
import SeededRandom
import Testing

/// The hand-written codecs of the hot path's values (`BinaryCodable`) against their
/// `Codable` conformances: the same bytes both ways, and the same verdict on bad bytes.
struct HandWrittenCodecTests {
    static let seeds: [UInt64] = [1, 2, 3, 4]

    private func randomString(_ random: inout SplitMix64) -> String {
        let pieces = ["", "a", "billing.dispute", "客服", "📞", "zh-CN", String(repeating: "x", count: 140)]
        return (0..<Int(random.next() % 3)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
    }

    private func randomContact(_ random: inout SplitMix64) -> Contact {
        var attributes: [String: String] = [:]
        for _ in 0..<Int(random.next() % 5) {
            attributes[randomString(&random) + "\(random.next() % 100)"] = randomString(&random)
        }
        let widths: [UInt64] = [0x7F, 0x3FFF, UInt64(UInt32.max), .max]
        return Contact(id: ContactID(random.next() & widths[Int(random.next() % 4)]),
                       channel: Channel.allCases[Int(random.next() % UInt64(Channel.allCases.count))],
                       customer: CustomerID(random.next() & widths[Int(random.next() % 4)]),
                       tier: ValueTier.allCases[Int(random.next() % UInt64(ValueTier.allCases.count))],
                       intent: randomString(&random), attributes: attributes,
                       queue: QueueID(UInt32(truncatingIfNeeded: random.next())),
                       waitingSince: random.next() % 2 == 0 ? nil : Timestamp(seconds: Double(random.next() % 1_000_000_000) / 7),
                       previousContact: random.next() % 2 == 0 ? nil : ContactID(random.next()))
    }

    private func randomEntry(_ random: inout SplitMix64) -> Session.Entry {
        let contact = randomContact(&random)
        return Session.Entry(contact: contact.id, channel: contact.channel, intent: contact.intent, queue: contact.queue,
                             at: Timestamp(seconds: -Double(random.next() % 1000) / 3), previousContact: contact.previousContact)
    }

    /// Hand-written and `Codable` bytes are the same, and each decoder reads the other's.
    private func expectSameBytes<T: BinaryCodable & Equatable>(_ value: T) throws {
        let handWritten = try BinaryEncoder().encode(value)
        let generic = try BinaryEncoder().encode(CodableOnly(value))
        #expect(handWritten == generic, "\(value)")
        #expect(try BinaryDecoder().decode(T.self, from: generic) == value)
        #expect(try BinaryDecoder().decode(CodableOnly<T>.self, from: handWritten).value == value)
    }

    @Test(arguments: seeds)
    func contactsAndSessionEntriesKeepTheirCodableBytes(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        for _ in 0..<250 {
            try expectSameBytes(randomContact(&random))
            try expectSameBytes(randomEntry(&random))
        }
        try expectSameBytes(Timestamp(seconds: -.greatestFiniteMagnitude))
        try expectSameBytes(Timestamp(seconds: .infinity))
    }

    /// Nested in a `Codable` value, a hand-written value writes what its conformance would.
    @Test func nestedInACodableValueTheBytesAreTheSame() throws {
        struct PlainContact: Codable {
            var id: ContactID, channel: Channel, customer: CustomerID, tier: ValueTier, intent: String
            var attributes: [String: String], queue: QueueID, waitingSince: PlainTimestamp?, previousContact: ContactID?
        }
        struct PlainTimestamp: Codable { var seconds: Double }
        enum PlainEvent: Codable { case contactArrived(PlainContact) }
        var random = SplitMix64(seed: 9)
        for _ in 0..<100 {
            let contact = randomContact(&random)
            let plain = PlainContact(id: contact.id, channel: contact.channel, customer: contact.customer, tier: contact.tier,
                                     intent: contact.intent, attributes: contact.attributes, queue: contact.queue,
                                     waitingSince: contact.waitingSince.map { PlainTimestamp(seconds: $0.seconds) },
                                     previousContact: contact.previousContact)
            let bytes = try BinaryEncoder().encode(RoutingEvent.contactArrived(contact))
            #expect(bytes == (try BinaryEncoder().encode(PlainEvent.contactArrived(plain))))
            #expect(try BinaryDecoder().decode(RoutingEvent.self, from: bytes) == .contactArrived(contact))
            #expect(try BinaryDecoder().decode([Contact?].self, from: BinaryEncoder().encode([contact, nil])) == [contact, nil])
        }
    }

    /// Truncated, corrupted and spliced encodings: the hand-written decoder throws exactly
    /// when the `Codable` one does, and otherwise reads the same value. Neither traps.
    @Test(arguments: seeds)
    func badBytesGetTheSameVerdictBothWays(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var accepted = 0
        var refused = 0
        for round in 0..<400 {
            var bytes = round % 2 == 0 ? try BinaryEncoder().encode(randomContact(&random))
                                       : try BinaryEncoder().encode(randomEntry(&random))
            switch random.next() % 3 {
            case 0:
                bytes.removeLast(Int(random.next() % UInt64(bytes.count)) + 1)
            case 1:
                for _ in 0...Int(random.next() % 3) {
                    bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next())
                }
            default:
                let cut = Int(random.next() % UInt64(bytes.count))
                bytes.insert(contentsOf: bytes[cut...].prefix(6), at: cut)
            }
            if round % 2 == 0 {
                let handWritten = try? BinaryDecoder().decode(Contact.self, from: bytes)
                let generic = try? BinaryDecoder().decode(CodableOnly<Contact>.self, from: bytes).value
                #expect(handWritten == generic, "\(bytes)")
                if handWritten == nil { refused += 1 } else { accepted += 1 }
            } else {
                let handWritten = try? BinaryDecoder().decode(Session.Entry.self, from: bytes)
                let generic = try? BinaryDecoder().decode(CodableOnly<Session.Entry>.self, from: bytes).value
                #expect(handWritten == generic, "\(bytes)")
                if handWritten == nil { refused += 1 } else { accepted += 1 }
            }
        }
        // Both outcomes occur, so the comparison covered both.
        #expect(accepted > 0 && refused > 0)
    }
}
