/// 64-bit FNV-1a (Fowler, Noll & Vo; draft-eastlake-fnv), with an optional
/// SplitMix64 finalizer for avalanche.
///
/// Placement must agree across processes, machines and releases, so it cannot
/// use Swift's `Hasher`, which is seeded per process. These functions are part
/// of the cluster's contract: changing them moves every entity and shard.
public struct FNV1a64: Sendable {
    /// FNV-1a's 64-bit offset basis.
    public static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    /// FNV-1a's 64-bit prime.
    public static let prime: UInt64 = 0x0000_0100_0000_01B3

    /// The plain FNV-1a value of the bytes combined so far.
    public private(set) var value: UInt64 = offsetBasis

    public init() {}

    public mutating func combine<Bytes: Sequence<UInt8>>(bytes: Bytes) {
        for byte in bytes {
            value = (value ^ UInt64(byte)) &* Self.prime
        }
    }

    /// Combines `word` as four big-endian bytes, so the result does not depend on the host's byte order.
    public mutating func combine(bigEndian word: UInt32) {
        combine(bytes: [UInt8(truncatingIfNeeded: word >> 24), UInt8(truncatingIfNeeded: word >> 16),
                        UInt8(truncatingIfNeeded: word >> 8), UInt8(truncatingIfNeeded: word)])
    }

    /// `value` passed through SplitMix64's output function. FNV-1a's low bits
    /// mix poorly for short, similar inputs (`agent-1`, `agent-2`); the
    /// finalizer spreads every input bit over every output bit.
    public var finalized: UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
