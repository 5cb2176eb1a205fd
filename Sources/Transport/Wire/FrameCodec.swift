import NIOCore

/// Encodes frames, compressing payloads past a threshold, and decodes them with a size cap.
///
/// Pure and synchronous so it can be used from any thread and driven by fuzz tests;
/// `FrameDecoder` wraps `decode` for a channel pipeline.
public struct FrameCodec: Sendable {
    public var maximumFrameBytes: Int
    public var compressionThresholdBytes: Int

    public init(maximumFrameBytes: Int, compressionThresholdBytes: Int) {
        self.maximumFrameBytes = maximumFrameBytes
        self.compressionThresholdBytes = compressionThresholdBytes
    }

    /// Appends the framed `frame` to `out`.
    public func encode(_ frame: Frame, into out: inout ByteBuffer) throws(FrameError) {
        var flags: Frame.Flags = []
        var payload = frame.payload
        if payload.readableBytes >= compressionThresholdBytes,
           let compressed = Zstd.compress(payload.readableBytesView) {
            // Compress only when it pays: incompressible data is sent as it is.
            if compressed.count < payload.readableBytes {
                payload = ByteBuffer(bytes: compressed)
                flags.insert(.zstd)
            }
        }
        let length = payload.readableBytes + Frame.lengthOverhead
        guard length <= maximumFrameBytes else {
            throw .tooLarge(declared: length, limit: maximumFrameBytes)
        }
        out.reserveCapacity(minimumWritableBytes: length + 4)
        out.writeInteger(UInt32(length))
        out.writeInteger(frame.kind.rawValue)
        out.writeInteger(flags.rawValue)
        out.writeImmutableBuffer(payload)
    }

    public func encode(_ frame: Frame) throws(FrameError) -> ByteBuffer {
        var out = ByteBuffer()
        try encode(frame, into: &out)
        return out
    }

    /// Reads one frame from the front of `buffer` if it is complete; `nil` if more bytes are needed.
    /// Throws on anything that can never become a valid frame.
    public func decode(_ buffer: inout ByteBuffer) throws(FrameError) -> Frame? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self).map(Int.init) else {
            return nil
        }
        guard length <= maximumFrameBytes else { throw .tooLarge(declared: length, limit: maximumFrameBytes) }
        guard length >= Frame.lengthOverhead else { throw .tooShort(declared: length) }
        guard buffer.readableBytes >= length + 4 else { return nil }

        let start = buffer.readerIndex
        let rawKind = buffer.getInteger(at: start + 4, as: UInt8.self)!
        let rawFlags = buffer.getInteger(at: start + 5, as: UInt8.self)!
        guard let kind = Frame.Kind(rawValue: rawKind) else { throw .unknownKind(rawKind) }
        let flags = Frame.Flags(rawValue: rawFlags)
        guard Frame.Flags.known.isSuperset(of: flags) else { throw .unknownFlags(rawFlags) }

        var payload = buffer.getSlice(at: start + Frame.headerBytes, length: length - Frame.lengthOverhead)!
        buffer.moveReaderIndex(forwardBy: length + 4)
        if flags.contains(.zstd) {
            payload = try ByteBuffer(bytes: Zstd.decompress(payload.readableBytesView, limit: maximumFrameBytes))
        }
        return Frame(kind: kind, payload: payload)
    }
}

/// The inbound half of `FrameCodec` as a pipeline stage.
public struct FrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = Frame
    let codec: FrameCodec

    public init(codec: FrameCodec) {
        self.codec = codec
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try codec.decode(&buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
