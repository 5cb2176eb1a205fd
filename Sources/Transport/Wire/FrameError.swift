/// Why bytes from a peer could not be read as a frame. The connection is closed; the node keeps serving its other peers.
public enum FrameError: Error, Equatable, CustomStringConvertible {
    case tooLarge(declared: Int, limit: Int)
    case tooShort(declared: Int)
    case unknownKind(UInt8)
    case unknownFlags(UInt8)
    case decompressionFailed(String)

    public var description: String {
        switch self {
        case .tooLarge(let declared, let limit):
            "frame of \(declared) bytes exceeds the limit of \(limit)"
        case .tooShort(let declared):
            "frame length \(declared) is shorter than its header"
        case .unknownKind(let kind):
            "unknown frame type \(kind)"
        case .unknownFlags(let flags):
            "unknown frame flags 0b\(String(flags, radix: 2))"
        case .decompressionFailed(let reason):
            "compressed payload rejected: \(reason)"
        }
    }
}
