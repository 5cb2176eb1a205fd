/// A small, fast, seedable generator (Steele, Lea & Flood, "Fast splittable
/// pseudorandom number generators", OOPSLA 2014).
///
/// Everything random in Switchboard that must replay — fault injection, fuzz and
/// property tests, benchmarks, crash tests — draws from one of these and prints its seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.scramble(state)
    }

    /// A uniform value in 0..<1.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A well-spread word determined by `words` alone: SplitMix64's output function
    /// applied over them in turn, for data a writer and a checker must derive alike.
    public static func mix(_ words: UInt64...) -> UInt64 {
        var state: UInt64 = 0
        for word in words {
            state = scramble(state &+ word &+ 0x9E37_79B9_7F4A_7C15)
        }
        return state
    }

    private static func scramble(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
