import ClusterSystem

/// Nested in every routing log record and every session entry.
extension Timestamp: BinaryCodable {
    public func write(to writer: inout ByteWriter) {
        writer.writeVarint(1)
        writer.writeField("seconds") { $0.writeDouble(seconds) }
    }

    public init(reading reader: inout ByteReader) throws {
        var seconds: Double?
        try reader.readFields { key, value in
            if key == "seconds" { seconds = try value.readDoubleValue() }
        }
        guard let seconds else { throw WireError.missingField("seconds", of: Timestamp.self) }
        self.init(seconds: seconds)
    }
}
