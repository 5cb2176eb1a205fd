import ClusterSystem

/// Nested in every replica state and every append's answer.
extension ShardEpoch: BinaryCodable {
    public func write(to writer: inout ByteWriter) {
        writer.writeVarint(1)
        writer.writeField("rawValue") { $0.writeVarint(rawValue) }
    }

    public init(reading reader: inout ByteReader) throws {
        var raw: UInt64?
        try reader.readFields { key, value in
            if key == "rawValue" { raw = try value.readUnsignedValue(UInt64.self) }
        }
        guard let raw else { throw WireError.missingField("rawValue", of: ShardEpoch.self) }
        self.init(raw)
    }
}
