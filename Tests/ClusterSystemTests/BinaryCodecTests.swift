@testable import ClusterSystem
import ClusterTestKit
import SeededRandom
import Testing
import Transport

struct BinaryCodecTests {
    func roundTrip<T: Codable & Equatable>(_ value: T) throws -> T {
        try BinaryDecoder().decode(T.self, from: try BinaryEncoder().encode(value))
    }

    @Test func primitivesRoundTrip() throws {
        #expect(try roundTrip(0) == 0)
        #expect(try roundTrip(Int.min) == Int.min)
        #expect(try roundTrip(Int.max) == Int.max)
        #expect(try roundTrip(UInt64.max) == UInt64.max)
        #expect(try roundTrip(Int8.min) == Int8.min)
        #expect(try roundTrip(UInt16.max) == UInt16.max)
        #expect(try roundTrip(Int32(-5)) == -5)
        #expect(try roundTrip(-0.0.nextDown) == -0.0.nextDown)
        #expect(try roundTrip(Float.pi) == Float.pi)
        #expect(try roundTrip(true))
        #expect(try roundTrip("") == "")
        #expect(try roundTrip("客服 📞") == "客服 📞")
        #expect(try roundTrip([UInt8]()) == [])
        #expect(try roundTrip([UInt8](0...255)) == [UInt8](0...255))
    }

    @Test func optionalsAndCollectionsRoundTrip() throws {
        #expect(try roundTrip(Int?.none) == nil)
        #expect(try roundTrip(Int?.some(3)) == 3)
        #expect(try roundTrip([String?]([nil, "a", nil])) == [nil, "a", nil])
        #expect(try roundTrip([[Int]]([[], [1], [2, 3]])) == [[], [1], [2, 3]])
        #expect(try roundTrip(["x": [1, 2], "y": []]) == ["x": [1, 2], "y": []])
        #expect(try roundTrip([1: "one", 2: "two"]) == [1: "one", 2: "two"])
        let identity = NodeIdentity(address: NodeAddress(host: "127.0.0.9", port: 7001), generation: 42)
        #expect(try roundTrip(identity) == identity)
        #expect(try roundTrip(ClusterActorID(node: identity, path: "/system/x")).path == "/system/x")
    }

    @Test func nestedRecordsRoundTrip() throws {
        var random = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let record = TestRecord.random(using: &random, depth: 3)
            #expect(try roundTrip(record) == record)
        }
    }

    @Test func encodingIsCompact() throws {
        #expect(try BinaryEncoder().encode(1).count == 1)
        #expect(try BinaryEncoder().encode("abc").count == 4)
        #expect(try BinaryEncoder().encode([UInt8](repeating: 0, count: 32)).count == 33)
    }

    /// The wire format, byte for byte: keyed containers as a count and (key, length-
    /// prefixed value) pairs, unkeyed ones as a count and length-prefixed elements.
    /// Logs on disk hold it, so it must not change by accident.
    @Test func theFormatIsStable() throws {
        struct Pair: Codable { var a: Int; var b: [String] }
        let bytes = try BinaryEncoder().encode(Pair(a: 1, b: ["x"]))
        #expect(bytes == [2, 1, UInt8(ascii: "a"), 1, 2, 1, UInt8(ascii: "b"), 4, 1, 2, 1, UInt8(ascii: "x")])
    }

    /// Every kind of leaf the encoder keeps (integers of each width and sign, floats,
    /// Bool, strings, bytes, nil) and an enum's nested container, pinned to the bytes the
    /// encoder wrote before its leaves were kept unencoded.
    @Test func everyKindOfLeafKeepsItsBytes() throws {
        struct Leaves: Codable {
            enum Kind: Codable { case plain, tagged(String, count: UInt8) }
            var small: Int8 = -3
            var wide: UInt32 = 70_000
            var ratio: Double = 0.5
            var half: Float = -2
            var flag = true
            var text = "客"
            var blob: [UInt8] = [9, 8]
            var missing: Int?
            var present: Int? = 300
            var kind = Kind.tagged("x", count: 200)
            var list: [Int64] = [-1, 1]
        }
        let bytes = try BinaryEncoder().encode(Leaves())
        #expect(bytes == Self.leavesBytes, "\(bytes)")
    }

    static let leavesBytes: [UInt8] = [
        10, 5, 115, 109, 97, 108, 108, 1, 5, 4, 119, 105, 100, 101, 3, 240, 162, 4, 5, 114,
        97, 116, 105, 111, 8, 0, 0, 0, 0, 0, 0, 224, 63, 4, 104, 97, 108, 102, 4, 0,
        0, 0, 192, 4, 102, 108, 97, 103, 1, 1, 4, 116, 101, 120, 116, 4, 3, 229, 174, 162,
        4, 98, 108, 111, 98, 3, 2, 9, 8, 7, 112, 114, 101, 115, 101, 110, 116, 2, 216, 4,
        4, 107, 105, 110, 100, 25, 1, 6, 116, 97, 103, 103, 101, 100, 16, 2, 2, 95, 48, 2,
        1, 120, 5, 99, 111, 117, 110, 116, 2, 200, 1, 4, 108, 105, 115, 116, 5, 2, 1, 1,
        1, 2,
    ]

    /// Dictionaries with many keys are keyed containers read through an index; small ones
    /// by a scan. Both find every key.
    @Test func largeAndSmallKeyedContainersRoundTrip() throws {
        for size in [0, 1, 16, 17, 300] {
            let table = Dictionary(uniqueKeysWithValues: (0..<size).map { ("key-\($0)", $0 * 7) })
            #expect(try roundTrip(table) == table)
        }
    }

    /// A key sent twice counts its last value, whether the container is scanned or indexed.
    @Test func aRepeatedKeyCountsItsLastValue() throws {
        struct One: Codable { var a: Int }
        let twice: [UInt8] = [2, 1, UInt8(ascii: "a"), 1, 2, 1, UInt8(ascii: "a"), 1, 4]
        #expect(try BinaryDecoder().decode(One.self, from: twice).a == 2)
        var many: [UInt8] = [40]
        for value in 0..<40 { many += [1, UInt8(ascii: "a"), 1, UInt8(value * 2)] }
        #expect(try BinaryDecoder().decode(One.self, from: many).a == 39)
    }

    @Test func wrongTypeOrTrailingBytesThrow() throws {
        let encoded = try BinaryEncoder().encode("text")
        #expect(throws: (any Error).self) { try BinaryDecoder().decode(Bool.self, from: encoded) }
        #expect(throws: (any Error).self) { try BinaryDecoder().decode(Int.self, from: [0x80]) }
        #expect(throws: (any Error).self) { try BinaryDecoder().decode(Int8.self, from: try BinaryEncoder().encode(300)) }
        #expect(throws: (any Error).self) { try BinaryDecoder().decode(Int.self, from: [1, 2]) }
    }

    /// Random bytes, and valid encodings with random corruption, must throw or decode — never crash.
    @Test func randomBytesNeverCrashTheDecoder() throws {
        var random = SplitMix64(seed: 0xF00D)
        let valid = try (0..<32).map { _ in try BinaryEncoder().encode(TestRecord.random(using: &random, depth: 2)) }
        var decoded = 0
        for iteration in 0..<20_000 {
            var bytes: [UInt8]
            if iteration % 2 == 0 {
                bytes = (0..<Int(random.next() % 64)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            } else {
                bytes = valid[Int(random.next() % UInt64(valid.count))]
                for _ in 0..<(1 + random.next() % 4) where !bytes.isEmpty {
                    bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next())
                }
                if random.next() % 4 == 0 { bytes.removeLast(Int(random.next() % UInt64(bytes.count + 1))) }
            }
            if (try? BinaryDecoder().decode(TestRecord.self, from: bytes)) != nil { decoded += 1 }
            _ = try? BinaryDecoder().decode([String: [Int]].self, from: bytes)
        }
        #expect(decoded < 20_000)
    }

    @Test func deepNestingIsRefused() throws {
        var bytes: [UInt8] = []
        for _ in 0..<10_000 { bytes += [1] }  // each level: an unkeyed container of one element
        #expect(throws: (any Error).self) { try BinaryDecoder().decode([[[[[[Int]]]]]].self, from: bytes) }
        var nested = TestRecord(name: "leaf", count: 0, ratio: 0, tags: [], note: nil, scores: [:], nested: [])
        for _ in 0..<BinaryDecoder.maximumDepth {
            nested = TestRecord(name: "n", count: 0, ratio: 0, tags: [], note: nil, scores: [:], nested: [nested])
        }
        let encoded = try BinaryEncoder().encode(nested)
        #expect(throws: (any Error).self) { try BinaryDecoder().decode(TestRecord.self, from: encoded) }
    }
}

extension TestRecord {
    static func random(using random: inout SplitMix64, depth: Int) -> TestRecord {
        let words = ["voice", "chat", "微信", "email", "", "vip", "抖音"]
        func word() -> String { words[Int(random.next() % UInt64(words.count))] }
        let tagCount = Int(random.next() % 4)
        let nestedCount = depth > 0 ? Int(random.next() % 3) : 0
        var scores: [String: Int] = [:]
        for _ in 0..<Int(random.next() % 3) { scores[word()] = Int(truncatingIfNeeded: random.next()) }
        return TestRecord(
            name: word(),
            count: Int(truncatingIfNeeded: random.next()),
            ratio: Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF),
            tags: (0..<tagCount).map { _ in word() },
            note: random.next() % 2 == 0 ? nil : word(),
            scores: scores,
            nested: (0..<nestedCount).map { _ in TestRecord.random(using: &random, depth: depth - 1) })
    }
}
