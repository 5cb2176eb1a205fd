import ClusterSystem

/// Every append a primary sends is answered with one per shard: hand-written, with the
/// bytes of the synthesized `Codable` conformance (the case's name, then its values by label).
extension AppendReply: BinaryCodable {
    public func write(to writer: inout ByteWriter) {
        writer.writeVarint(1)
        switch self {
        case .persisted(let upTo):
            writer.writeField("persisted") { values in
                values.writeVarint(1)
                values.writeField("upTo") { $0.writeVarint(upTo) }
            }
        case .refused(let decision):
            writer.writeField("refused") { values in
                values.writeVarint(1)
                values.writeField("_0") { decision.write(to: &$0) }
            }
        case .unavailable:
            writer.writeField("unavailable") { $0.writeVarint(0) }
        }
    }

    public init(reading reader: inout ByteReader) throws {
        self = try reader.readCase(of: AppendReply.self) { name, values in
            switch name {
            case "persisted": .persisted(upTo: try values.readField("upTo", of: AppendReply.self) { try $0.readUnsignedValue(UInt64.self) })
            case "refused": .refused(try values.readField("_0", of: AppendReply.self) { try AppendDecision(reading: &$0) })
            case "unavailable": try values.readNoValues(of: AppendReply.unavailable)
            default: throw WireError.malformed("no case '\(name)' of AppendReply")
            }
        }
    }
}

extension AppendDecision: BinaryCodable {
    public func write(to writer: inout ByteWriter) {
        writer.writeVarint(1)
        switch self {
        case .accept(let skipping):
            writer.writeField("accept") { values in
                values.writeVarint(1)
                values.writeField("skipping") { $0.writeVarint(skipping) }
            }
        case .fenced(let promised):
            writer.writeField("fenced") { values in
                values.writeVarint(1)
                values.writeField("promised") { promised.write(to: &$0) }
            }
        case .notInstalled:
            writer.writeField("notInstalled") { $0.writeVarint(0) }
        case .gap(let expected):
            writer.writeField("gap") { values in
                values.writeVarint(1)
                values.writeField("expected") { $0.writeVarint(expected) }
            }
        }
    }

    public init(reading reader: inout ByteReader) throws {
        self = try reader.readCase(of: AppendDecision.self) { name, values in
            switch name {
            case "accept": .accept(skipping: try values.readField("skipping", of: AppendDecision.self) { try $0.readUnsignedValue(UInt64.self) })
            case "fenced": .fenced(promised: try values.readField("promised", of: AppendDecision.self) { try ShardEpoch(reading: &$0) })
            case "notInstalled": try values.readNoValues(of: AppendDecision.notInstalled)
            case "gap": .gap(expected: try values.readField("expected", of: AppendDecision.self) { try $0.readUnsignedValue(UInt64.self) })
            default: throw WireError.malformed("no case '\(name)' of AppendDecision")
            }
        }
    }
}

extension ByteReader {
    /// The values of a case that has none: an empty keyed container, checked as the
    /// synthesized conformance checks it, then `value`.
    fileprivate mutating func readNoValues<T>(of value: T) throws -> T {
        try readFields { _, _ in }
        return value
    }
}
