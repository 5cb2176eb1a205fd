/// A string-valued enumeration of the API. An unknown value fails with the values that
/// are allowed, so the 400 a client gets says what to send instead.
protocol WireEnum: RawRepresentable<String>, CaseIterable, Codable {}

extension WireEnum {
    init(from decoder: any Decoder) throws {
        self = try Self(wireFrom: decoder)
    }

    init(wireFrom decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(rawValue: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "'\(text.prefix(40))' is not one of \(Self.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = value
    }
}
