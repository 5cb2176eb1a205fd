import ContactCenter

/// Where an event stream stands in each region's numbered directives; it is also the
/// event ID (`1.120-2.33`: region 1 up to 120, region 2 up to 33), so a client that
/// reconnects with its last event ID resumes in every region at once.
struct StreamCursor: Equatable {
    var positions: [RegionID: UInt64] = [:]

    init() {}

    /// Parses an event ID; nil for anything malformed.
    init?(parsing text: String) {
        for part in text.split(separator: "-", omittingEmptySubsequences: false) {
            let pair = part.split(separator: ".", omittingEmptySubsequences: false)
            guard pair.count == 2, let region = UInt32(pair[0]), region > 0, let sequence = UInt64(pair[1]),
                  positions.updateValue(sequence, forKey: RegionID(region)) == nil else { return nil }
        }
        guard !positions.isEmpty else { return nil }
    }

    var text: String {
        positions.sorted { $0.key < $1.key }.map { "\($0.key.rawValue).\($0.value)" }.joined(separator: "-")
    }
}
