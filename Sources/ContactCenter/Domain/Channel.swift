/// The medium a contact arrives on. An agent's capacity is counted per channel.
public enum Channel: UInt8, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    case voice, chat, wechat, douyin, email, video

    /// The channel's position in per-channel tables.
    @inlinable public var index: Int { Int(rawValue) }

    public var description: String {
        switch self {
        case .voice: "voice"
        case .chat: "chat"
        case .wechat: "wechat"
        case .douyin: "douyin"
        case .email: "email"
        case .video: "video"
        }
    }
}
