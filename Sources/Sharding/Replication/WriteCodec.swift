import ClusterSystem
import Transport

/// Writes and their outcomes in one compact value per call, like `LogPage`: a
/// client's batch of writes travels as one byte string instead of one Codable tree
/// per write.
public struct ShardWrites: Hashable, Sendable, Codable {
    public var writes: [ShardWrite]

    public init(_ writes: [ShardWrite]) {
        self.writes = writes
    }

    public init(from decoder: any Decoder) throws {
        var reader = ByteReader(try decoder.singleValueContainer().decode([UInt8].self))
        let count = try reader.readVarint()
        // A write takes at least 11 bytes.
        guard count <= UInt64(reader.remaining / 11) else { throw WireError.malformed("\(count) writes in \(reader.remaining) bytes") }
        writes = []
        writes.reserveCapacity(Int(count))
        for _ in 0..<count {
            let shard = try LogEntryCodec.readShard(&reader)
            let request = RequestID(client: try reader.readFixed(UInt64.self), number: try reader.readVarint())
            writes.append(ShardWrite(shard: shard, request: request, payload: try reader.readBytes()))
        }
        guard reader.isAtEnd else { throw WireError.malformed("\(reader.remaining) bytes after the last write") }
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ByteWriter()
        writer.writeVarint(UInt64(writes.count))
        for write in writes {
            writer.writeVarint(UInt64(write.shard.rawValue))
            writer.writeFixed(write.request.client)
            writer.writeVarint(write.request.number)
            writer.writeLengthPrefixed(write.payload)
        }
        var container = encoder.singleValueContainer()
        try container.encode(writer.bytes)
    }
}

/// The outcomes of a `ShardWrites`, in order.
public struct WriteOutcomes: Hashable, Sendable, Codable {
    public var outcomes: [WriteOutcome]

    public init(_ outcomes: [WriteOutcome]) {
        self.outcomes = outcomes
    }

    private enum Tag: UInt8 {
        case acknowledged, notPrimary, noHint, unavailable, rejected
    }

    public init(from decoder: any Decoder) throws {
        var reader = ByteReader(try decoder.singleValueContainer().decode([UInt8].self))
        let count = try reader.readVarint()
        guard count <= UInt64(reader.remaining) else { throw WireError.malformed("\(count) outcomes in \(reader.remaining) bytes") }
        outcomes = []
        outcomes.reserveCapacity(Int(count))
        for _ in 0..<count {
            switch Tag(rawValue: try reader.readByte()) {
            case .acknowledged:
                let position = LogPosition(epoch: ShardEpoch(try reader.readVarint()), sequence: try reader.readVarint())
                outcomes.append(.acknowledged(position, primary: try LogEntryCodec.readIdentity(&reader)))
            case .notPrimary: outcomes.append(.notPrimary(hint: try LogEntryCodec.readAddress(&reader)))
            case .noHint: outcomes.append(.notPrimary(hint: nil))
            case .unavailable: outcomes.append(.unavailable(reason: try reader.readString()))
            case .rejected: outcomes.append(.rejected(reason: try reader.readString()))
            case nil: throw WireError.malformed("unknown write outcome")
            }
        }
        guard reader.isAtEnd else { throw WireError.malformed("\(reader.remaining) bytes after the last outcome") }
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = ByteWriter()
        writer.writeVarint(UInt64(outcomes.count))
        for outcome in outcomes {
            switch outcome {
            case .acknowledged(let position, let primary):
                writer.bytes.append(Tag.acknowledged.rawValue)
                writer.writeVarint(position.epoch.rawValue)
                writer.writeVarint(position.sequence)
                LogEntryCodec.write(primary, to: &writer)
            case .notPrimary(let hint?):
                writer.bytes.append(Tag.notPrimary.rawValue)
                LogEntryCodec.write(hint, to: &writer)
            case .notPrimary(nil):
                writer.bytes.append(Tag.noHint.rawValue)
            case .unavailable(let reason):
                writer.bytes.append(Tag.unavailable.rawValue)
                writer.writeString(reason)
            case .rejected(let reason):
                writer.bytes.append(Tag.rejected.rawValue)
                writer.writeString(reason)
            }
        }
        var container = encoder.singleValueContainer()
        try container.encode(writer.bytes)
    }
}
