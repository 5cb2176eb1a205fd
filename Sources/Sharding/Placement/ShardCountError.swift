/// Why a shard count was refused.
public enum ShardCountError: Error, Equatable, CustomStringConvertible {
    /// A cluster needs at least one shard.
    case notPositive(Int)
    /// Shard numbers are `UInt32`.
    case tooLarge(Int)

    public var description: String {
        switch self {
        case .notPositive(let value):
            "invalid shard count \(value): expected at least 1 (default 64, about 10× the node count)"
        case .tooLarge(let value):
            "invalid shard count \(value): expected at most \(UInt32.max)"
        }
    }
}
