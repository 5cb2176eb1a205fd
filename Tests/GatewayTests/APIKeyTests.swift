import ContactCenter
import SeededRandom
import Testing
@testable import Gateway

struct APIKeyTests {
    @Test func aGeneratedKeyParsesBackAndMatchesOnlyItsOwnHash() throws {
        let key = APIKey.generate(for: TenantID(42))
        let parsed = try #require(APIKey(parsing: key.text))
        #expect(parsed == key)
        #expect(parsed.hash == key.hash)
        #expect(key.hash.count == 64)
        var other = key
        other.secret = String(key.secret.reversed())
        #expect(other.hash != key.hash)
        #expect(APIKey.generate(for: TenantID(42)) != key)
    }

    /// Stored hashes must keep matching: the digest of a known input, as lowercase hex.
    @Test func theHashIsSHA256InLowercaseHex() {
        #expect(APIKey.sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(APIKey.sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func malformedKeysAreRejected() {
        for text in ["", "sbk", "sbk_1_2_3", "sbk_x_0000000a_00000000000000000000000000000000",
                     "sbk_1_0000000a_0000000000000000000000000000000", "abc_1_0000000a_00000000000000000000000000000000",
                     "sbk_1_0000000z_00000000000000000000000000000000", "sbk_1_0000000a_00000000000000000000000000000000_x",
                     "sbk_99999999999_0000000a_00000000000000000000000000000000",
                     "sbk_1_０000000a_00000000000000000000000000000000"] {
            #expect(APIKey(parsing: text) == nil, "\(text)")
        }
    }

    /// Fuzz: random printable strings and mutations of real keys never crash the parser,
    /// and whatever parses prints back as the same text.
    @Test func theParserSurvivesRandomInput() {
        var random = SplitMix64(seed: 7)
        let alphabet = Array("sbk_0123456789abcdefXYZ-. ")
        let real = APIKey.generate(for: TenantID(3)).text
        for round in 0..<20_000 {
            var text: String
            if round % 2 == 0 {
                text = String((0..<Int(random.next() % 60)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            } else {
                var characters = Array(real)
                characters[Int(random.next() % UInt64(characters.count))] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                text = String(characters)
            }
            if let parsed = APIKey(parsing: text) { #expect(parsed.text == text) }
        }
    }

    @Test func theOperatorKeyMatchesOnlyItself() {
        let hash = OperatorKeyHash(key: "operator-key-0123456789")
        #expect(hash.matches("operator-key-0123456789"))
        #expect(!hash.matches("operator-key-012345678"))
        #expect(!hash.matches(""))
    }
}
