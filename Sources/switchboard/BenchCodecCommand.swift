import ArgumentParser
import ClusterSystem
import ContactCenter
import Foundation

/// `switchboard bench codec`: the binary codec on the values a new contact makes it carry
/// (the arrival event in the remote call, the routing log and replication; the customer's
/// session), in one thread, without I/O.
struct BenchCodecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codec",
        abstract: "Binary encoding and decoding of the hot path's values, per value (release build)."
    )

    @Option(help: "Encodings and decodings timed per value.")
    var iterations = 200_000

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        guard (1_000...100_000_000).contains(iterations) else { throw ValidationError("--iterations must be in 1000...100000000") }
    }

    func run() async throws {
        let contact = Contact(id: ContactID(0x0100_0000_0012_3456), channel: .chat, customer: CustomerID(48_213_117),
                              tier: .gold, intent: "billing", attributes: ["order": "A-20931", "language": "zh"],
                              queue: QueueID(3), waitingSince: Timestamp(seconds: 1_795_800_000.25))
        var book = SessionBook()
        for index in 0..<5 {
            var earlier = contact
            earlier.id = ContactID(UInt64(index + 1))
            book.record(earlier, at: Timestamp(seconds: 1_795_700_000 + Double(index) * 3_600))
        }
        let figures = [
            try measure("arrival event", RoutingEvent.contactArrived(contact)),
            try measure("session, 5 contacts", book.session(for: contact.customer)!),
        ]
        StandardOutput.line(json ? try JSONText.encode(CodecBenchReport(values: figures)) : CodecBenchReport(values: figures).table())
    }

    private func measure<T: Codable & Equatable>(_ name: String, _ value: T) throws -> CodecFigures {
        let encoder = BinaryEncoder()
        let decoder = BinaryDecoder()
        let bytes = try encoder.encode(value)
        guard try decoder.decode(T.self, from: bytes) == value else { throw ValidationError("\(name) does not round-trip") }
        var sink = 0
        let encodeStart = ContinuousClock.now
        for _ in 0..<iterations { sink &+= try encoder.encode(value).count }
        let encodeTime = ContinuousClock.now - encodeStart
        let decodeStart = ContinuousClock.now
        for _ in 0..<iterations where try decoder.decode(T.self, from: bytes) != value { sink &+= 1 }
        let decodeTime = ContinuousClock.now - decodeStart
        guard sink == iterations * bytes.count else { throw ValidationError("\(name) did not decode to itself every time") }
        return CodecFigures(value: name, bytes: bytes.count,
                            encodeNs: encodeTime / .nanoseconds(1) / Double(iterations),
                            decodeNs: decodeTime / .nanoseconds(1) / Double(iterations))
    }
}

struct CodecFigures: Encodable {
    var value: String
    var bytes: Int
    var encodeNs: Double
    var decodeNs: Double

    enum CodingKeys: String, CodingKey {
        case value, bytes
        case encodeNs = "encode_ns"
        case decodeNs = "decode_ns"
    }
}

struct CodecBenchReport: Encodable {
    var values: [CodecFigures]

    func table() -> String {
        var lines = ["value                     bytes   encode ns   decode ns"]
        for figures in values {
            lines.append(figures.value.padding(toLength: 24, withPad: " ", startingAt: 0)
                + String(format: "%7d %11.0f %11.0f", figures.bytes, figures.encodeNs, figures.decodeNs))
        }
        return lines.joined(separator: "\n")
    }
}
