import GRPCCore

/// Passes a message's bytes through unchanged.
///
/// Protobuf would add an encode/decode step that our own RPC path doesn't
/// have for an opaque payload; raw bytes keep the comparison about transport
/// and RPC machinery rather than message codecs.
struct RawBytesSerializer: MessageSerializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes {
        Bytes(message)
    }
}

struct RawBytesDeserializer: MessageDeserializer {
    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
        serializedMessageBytes.withUnsafeBytes { [UInt8]($0) }
    }
}
