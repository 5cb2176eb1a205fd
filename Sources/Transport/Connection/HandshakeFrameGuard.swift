import NIOCore

/// Guards a connection until its handshake completes: the first frame must be a
/// small, uncompressed greeting. An unauthenticated peer therefore cannot make the
/// node buffer or decompress a full-size frame; the handshake removes the guard.
final class HandshakeFrameGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// Far above a greeting (two names of at most 255 bytes and a few integers).
    static let maximumGreetingBytes = 1024

    private var header: [UInt8] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        if header.count < Frame.headerBytes {
            header.append(contentsOf: bytes.readableBytesView.prefix(Frame.headerBytes - header.count))
            if let error = check() {
                context.fireErrorCaught(error)
                return
            }
        }
        context.fireChannelRead(data)
    }

    /// The first frame's length and flags, as far as they have arrived.
    private func check() -> FrameError? {
        if header.count >= 4 {
            let length = header[0..<4].reduce(0) { $0 << 8 | Int($1) }
            if length > Self.maximumGreetingBytes {
                return .tooLarge(declared: length, limit: Self.maximumGreetingBytes)
            }
        }
        if header.count >= Frame.headerBytes, header[5] != 0 {
            return .unknownFlags(header[5])
        }
        return nil
    }
}
