/// How many contacts of each channel an agent may hold at once — e.g. voice 1, chat 3,
/// email 5. Channels are counted independently; 0 means the agent does not take the channel.
public struct ChannelCapacity: Hashable, Sendable, Codable {
    /// The largest capacity on one channel.
    public static let maximum = 255

    /// One lane per `Channel.index`; lanes 6 and 7 are always 0.
    public private(set) var lanes: SIMD8<UInt8>

    public init() { lanes = .zero }

    public init(_ perChannel: [Channel: Int]) throws(DomainError) {
        lanes = .zero
        for channel in Channel.allCases {
            let capacity = perChannel[channel] ?? 0
            guard (0...Self.maximum).contains(capacity) else { throw .capacityOutOfRange(channel: channel, capacity: capacity) }
            lanes[channel.index] = UInt8(capacity)
        }
    }

    /// A voice-only agent, the classic call-center seat.
    public static let voiceOnly = ChannelCapacity(lanes: SIMD8(1, 0, 0, 0, 0, 0, 0, 0))

    private init(lanes: SIMD8<UInt8>) { self.lanes = lanes }

    @inlinable public subscript(channel: Channel) -> Int { Int(lanes[channel.index]) }

    /// The sum over all channels.
    public var total: Int { lanes.indices.reduce(0) { $0 + Int(lanes[$1]) } }
}
