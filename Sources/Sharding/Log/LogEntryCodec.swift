import ClusterSystem
import Transport

/// The compact binary form of log entries, on disk and on the wire.
///
/// The generic Codable encoder spent a third of a node's CPU on entries under load;
/// this writes each field once, in a fixed order, with the cluster codec's
/// primitives: shard, epoch and sequence as LEB128 varints, the origin as host
/// (length-prefixed UTF-8), port and generation, the request as client (8 bytes)
/// and number, then the length-prefixed payload. `ByteReader` checks every length
/// against what is left, so bytes from a peer or a damaged disk throw `WireError`,
/// never crash.
public enum LogEntryCodec {
    public static func encode(_ entries: [LogEntry]) -> [UInt8] {
        var writer = ByteWriter()
        writer.bytes.reserveCapacity(entries.reduce(8) { $0 + 48 + $1.payload.count })
        writer.writeVarint(UInt64(entries.count))
        for entry in entries { write(entry, to: &writer) }
        return writer.bytes
    }

    public static func decode(_ bytes: [UInt8]) throws(WireError) -> [LogEntry] {
        var reader = ByteReader(bytes)
        let count = try reader.readVarint()
        // Every entry takes at least 12 bytes: a count beyond that is a lie.
        guard count <= UInt64(bytes.count / 12) else { throw .malformed("\(count) log entries in \(bytes.count) bytes") }
        var entries: [LogEntry] = []
        entries.reserveCapacity(Int(count))
        for _ in 0..<count { entries.append(try read(&reader)) }
        guard reader.isAtEnd else { throw .malformed("\(reader.remaining) bytes after the last log entry") }
        return entries
    }

    public static func encode(_ entry: LogEntry) -> [UInt8] {
        var writer = ByteWriter()
        write(entry, to: &writer)
        return writer.bytes
    }

    public static func decode(single bytes: [UInt8]) throws(WireError) -> LogEntry {
        var reader = ByteReader(bytes)
        let entry = try read(&reader)
        guard reader.isAtEnd else { throw .malformed("\(reader.remaining) bytes after the log entry") }
        return entry
    }

    static func write(_ entry: LogEntry, to writer: inout ByteWriter) {
        writer.writeVarint(UInt64(entry.shard.rawValue))
        writer.writeVarint(entry.epoch.rawValue)
        writer.writeVarint(entry.sequence)
        write(entry.origin, to: &writer)
        writer.writeFixed(entry.request.client)
        writer.writeVarint(entry.request.number)
        writer.writeLengthPrefixed(entry.payload)
    }

    static func read(_ reader: inout ByteReader) throws(WireError) -> LogEntry {
        let shard = try readShard(&reader)
        let epoch = ShardEpoch(try reader.readVarint())
        let sequence = try reader.readVarint()
        let origin = try readIdentity(&reader)
        let request = RequestID(client: try reader.readFixed(UInt64.self), number: try reader.readVarint())
        return LogEntry(shard: shard, epoch: epoch, sequence: sequence, origin: origin, request: request,
                        payload: try reader.readBytes())
    }

    static func readShard(_ reader: inout ByteReader) throws(WireError) -> ShardID {
        let shard = try reader.readVarint()
        guard shard <= UInt64(UInt32.max) else { throw .malformed("shard \(shard) is out of range") }
        return ShardID(UInt32(shard))
    }

    static func write(_ address: NodeAddress, to writer: inout ByteWriter) {
        writer.writeString(address.host)
        writer.writeVarint(UInt64(address.port))
    }

    static func readAddress(_ reader: inout ByteReader) throws(WireError) -> NodeAddress {
        let host = try reader.readString()
        let port = try reader.readVarint()
        guard port <= 65_535 else { throw .malformed("port \(port) is out of range") }
        return NodeAddress(host: host, port: Int(port))
    }

    static func write(_ identity: NodeIdentity, to writer: inout ByteWriter) {
        write(identity.address, to: &writer)
        writer.writeVarint(identity.generation)
    }

    static func readIdentity(_ reader: inout ByteReader) throws(WireError) -> NodeIdentity {
        NodeIdentity(address: try readAddress(&reader), generation: try reader.readVarint())
    }
}

/// Log entries as one value on the wire, in `LogEntryCodec`'s form.
public struct LogPage: Hashable, Sendable, Codable {
    public var entries: [LogEntry]

    public init(_ entries: [LogEntry]) {
        self.entries = entries
    }

    public init(from decoder: any Decoder) throws {
        entries = try LogEntryCodec.decode(try decoder.singleValueContainer().decode([UInt8].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(LogEntryCodec.encode(entries))
    }
}
