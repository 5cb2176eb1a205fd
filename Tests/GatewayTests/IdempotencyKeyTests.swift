import ContactCenter
import SeededRandom
import Testing
@testable import Gateway

struct IdempotencyKeyTests {
    @Test func bareAndQuotedSpellingsAreTheSameKey() throws {
        #expect(try IdempotencyKey(header: "order-1234").text == "order-1234")
        #expect(try IdempotencyKey(header: "\"order-1234\"").text == "order-1234")
        #expect(try IdempotencyKey(header: #""say \"hi\" \\ bye""#).text == #"say "hi" \ bye"#)
        #expect(try IdempotencyKey(header: String(repeating: "k", count: 255)).text.count == 255)
        // A lone quote is a one-character key, not an empty quoted string.
        #expect(try IdempotencyKey(header: "\"").text == "\"")
    }

    @Test func malformedKeysAreA400NamingTheHeader() {
        for value in ["", "\"\"", String(repeating: "k", count: 256), "clé", "tab\there", #""a"b""#, #""a\b""#, #""a\""#] {
            let problem = Self.problem(value)
            #expect(problem?.status == .badRequest, "\(value)")
            #expect(problem?.field == "Idempotency-Key", "\(value)")
        }
    }

    /// Fuzz: random strings over a hostile alphabet never crash the parser, and whatever
    /// it accepts is 1 to 255 printable ASCII characters.
    @Test func theParserSurvivesRandomInput() {
        var random = SplitMix64(seed: 11)
        let alphabet = Array("ab\"\\ -é\t\u{0}")
        for _ in 0..<5_000 {
            let length = Int(random.next() % 12)
            let value = String((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            guard let key = try? IdempotencyKey(header: value) else { continue }
            #expect((1...255).contains(key.text.utf8.count), "\(value)")
            #expect(key.text.utf8.allSatisfy { (0x20...0x7E).contains($0) }, "\(value)")
        }
    }

    @Test func aKeyNamesOneContactPerTenantInItsRegion() throws {
        let key = try IdempotencyKey(header: "retry-me")
        let id = ContactNumbering.keyed(key, tenant: TenantID(1), in: RegionID(2))
        #expect(ContactNumbering.keyed(try IdempotencyKey(header: "\"retry-me\""), tenant: TenantID(1), in: RegionID(2)) == id)
        #expect(ContactNumbering.region(of: id) == RegionID(2))
        #expect(ContactNumbering.keyed(key, tenant: TenantID(2), in: RegionID(2)) != id)
        #expect(ContactNumbering.keyed(try IdempotencyKey(header: "retry-me2"), tenant: TenantID(1), in: RegionID(2)) != id)
        // Contact IDs travel as JSON strings, but the low 56 bits must stay unique: no
        // collisions among many keys.
        var ids: Set<ContactID> = []
        for index in 0..<20_000 { ids.insert(ContactNumbering.keyed(try IdempotencyKey(header: "k\(index)"), tenant: TenantID(1), in: RegionID(1))) }
        #expect(ids.count == 20_000)
    }

    private static func problem(_ value: String) -> Problem? {
        do {
            _ = try IdempotencyKey(header: value)
            return nil
        } catch {
            return error
        }
    }
}
