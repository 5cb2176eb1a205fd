import HTTPTypes

/// The `Idempotency-Key` a client sends with `POST /v1/contacts`, so that sending the
/// request again after a lost answer names the same contact instead of creating a second.
///
/// Accepted as the IETF draft writes it, a structured-field string (`"8e03…"`), or bare as
/// most payment APIs take it; both spell the same key. 1 to 255 printable ASCII characters.
struct IdempotencyKey {
    static let header = "Idempotency-Key"
    static let maxLength = 255
    // Both names are valid header tokens, so the initialisers cannot fail.
    static let name = HTTPField.Name(header)!
    /// Set on the answer to a key sent again, as payment APIs do.
    static let replayedName = HTTPField.Name("Idempotent-Replayed")!

    /// The key without quotes or escapes.
    let text: String

    /// Parses a header value; the problem names the header for anything else.
    init(header value: String) throws(Problem) {
        let bytes = Array(value.utf8)
        var key: [UInt8] = []
        if bytes.count >= 2, bytes.first == UInt8(ascii: "\""), bytes.last == UInt8(ascii: "\"") {
            var index = 1
            while index < bytes.count - 1 {
                var byte = bytes[index]
                if byte == UInt8(ascii: "\\") {
                    index += 1
                    guard index < bytes.count - 1, bytes[index] == UInt8(ascii: "\\") || bytes[index] == UInt8(ascii: "\"") else {
                        throw Self.invalid("a quoted key may escape only \\ and \"")
                    }
                    byte = bytes[index]
                } else if byte == UInt8(ascii: "\"") {
                    throw Self.invalid("a quote inside a quoted key must be escaped")
                }
                key.append(byte)
                index += 1
            }
        } else {
            key = bytes
        }
        guard (1...Self.maxLength).contains(key.count) else {
            throw Self.invalid("must be 1 to \(Self.maxLength) characters")
        }
        guard key.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw Self.invalid("must be printable ASCII")
        }
        text = String(decoding: key, as: UTF8.self)
    }

    private static func invalid(_ problem: String) -> Problem {
        FieldError(field: header, problem: problem).asProblem
    }
}
