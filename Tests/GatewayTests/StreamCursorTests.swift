import ContactCenter
import SeededRandom
import Testing
@testable import Gateway

struct StreamCursorTests {
    @Test func anEventIDRoundTrips() throws {
        var cursor = StreamCursor()
        cursor.positions = [RegionID(2): 33, RegionID(1): 120]
        #expect(cursor.text == "1.120-2.33")
        #expect(try #require(StreamCursor(parsing: cursor.text)) == cursor)
    }

    @Test func malformedIDsAreRejected() {
        for text in ["", "-", "1", "1.", ".1", "0.5", "1.5-1.6", "a.b", "1.5--2.6", "1.-5", "1.5.6"] {
            #expect(StreamCursor(parsing: text) == nil, "\(text)")
        }
    }

    @Test func randomTextNeverCrashesAndParsesToItself() {
        var random = SplitMix64(seed: 11)
        let alphabet = Array("0123456789.-x")
        for _ in 0..<20_000 {
            let text = String((0..<Int(random.next() % 24)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            if let cursor = StreamCursor(parsing: text) {
                #expect(StreamCursor(parsing: cursor.text) == cursor)
            }
        }
    }
}
