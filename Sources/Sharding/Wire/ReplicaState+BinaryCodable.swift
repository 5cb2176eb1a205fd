import ClusterSystem

/// Written with every group-commit round, for each shard in it, on the primary and on
/// the backup: hand-written, with the bytes of the `Codable` conformance.
extension ReplicaState: BinaryCodable {
    public func write(to writer: inout ByteWriter) {
        writer.writeVarint(3)
        writer.writeField("promised") { promised.write(to: &$0) }
        writer.writeField("logEpoch") { logEpoch.write(to: &$0) }
        writer.writeField("lastSequence") { $0.writeVarint(lastSequence) }
    }

    public init(reading reader: inout ByteReader) throws {
        var promised: ShardEpoch?
        var logEpoch: ShardEpoch?
        var lastSequence: UInt64?
        try reader.readFields { key, value in
            switch key {
            case "promised": promised = try ShardEpoch(reading: &value)
            case "logEpoch": logEpoch = try ShardEpoch(reading: &value)
            case "lastSequence": lastSequence = try value.readUnsignedValue(UInt64.self)
            default: break
            }
        }
        guard let promised else { throw WireError.missingField("promised", of: ReplicaState.self) }
        guard let logEpoch else { throw WireError.missingField("logEpoch", of: ReplicaState.self) }
        guard let lastSequence else { throw WireError.missingField("lastSequence", of: ReplicaState.self) }
        self.init(promised: promised, logEpoch: logEpoch, lastSequence: lastSequence)
    }
}
