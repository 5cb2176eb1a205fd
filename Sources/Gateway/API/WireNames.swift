import Foundation
import ContactCenter

/// The names the API uses for the domain's enumerations. Decoding an unknown name fails
/// with the field's path, so a typo is a 400 naming the field, not a guess.
enum WireChannel: String, WireEnum {
    case voice, chat, wechat, douyin, email, video

    init(_ channel: Channel) { self = Self.allCases[channel.index] }
    var channel: Channel { Channel.allCases[Self.allCases.firstIndex(of: self)!] }
}

enum WireTier: String, WireEnum {
    case standard, silver, gold, platinum

    init(_ tier: ValueTier) { self = Self.allCases[Int(tier.rawValue)] }
    var tier: ValueTier { ValueTier.allCases[Self.allCases.firstIndex(of: self)!] }
}

enum WireStatus: String, WireEnum {
    case available
    case `break`
    case offline
    case missed

    init(_ status: AgentStatus) {
        switch status {
        case .available: self = .available
        case .onBreak: self = .break
        case .offline: self = .offline
        case .missed: self = .missed
        }
    }

    var status: AgentStatus {
        switch self {
        case .available: .available
        case .break: .onBreak
        case .offline: .offline
        case .missed: .missed
        }
    }
}

enum WireStrategy: String, WireEnum {
    case longestIdle = "longest-idle"
    case mostProficient = "most-proficient"
    case leastOccupied = "least-occupied"
    case roundRobin = "round-robin"

    init(_ strategy: RoutingStrategy) {
        switch strategy {
        case .longestIdle: self = .longestIdle
        case .mostProficient: self = .mostProficient
        case .leastOccupied: self = .leastOccupied
        case .roundRobin: self = .roundRobin
        }
    }

    var strategy: RoutingStrategy {
        switch self {
        case .longestIdle: .longestIdle
        case .mostProficient: .mostProficient
        case .leastOccupied: .leastOccupied
        case .roundRobin: .roundRobin
        }
    }
}

enum WireContactState: String, Codable, CaseIterable {
    case queued, offered, connected, wrapUp = "wrap-up", completed, abandoned, transferred, overflowed

    init(_ state: ContactState) { self = Self.allCases[Int(state.rawValue)] }
}

enum WireAgentState: String, Codable {
    case idle, reserved, busy, wrapUp = "wrap-up"

    init(_ state: AgentState) {
        switch state {
        case .idle: self = .idle
        case .reserved: self = .reserved
        case .busy: self = .busy
        case .wrapUp: self = .wrapUp
        }
    }
}

/// Bounds checked on every decoded field that has them.
enum Check {
    static func name(_ text: String, field: String, maximum: Int = 100) throws(Problem) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= maximum else {
            throw FieldError(field: field, problem: "must be 1 to \(maximum) characters").asProblem
        }
        return trimmed
    }

    static func id(_ value: Int, field: String) throws(Problem) -> UInt32 {
        guard (1...Int(UInt32.max)).contains(value) else {
            throw FieldError(field: field, problem: "must be an integer from 1 to \(UInt32.max)").asProblem
        }
        return UInt32(value)
    }

    static func range(_ value: Double, _ range: ClosedRange<Double>, field: String) throws(Problem) -> Double {
        guard value.isFinite, range.contains(value) else {
            throw FieldError(field: field, problem: "must be from \(range.lowerBound) to \(range.upperBound)").asProblem
        }
        return value
    }

    static func count(_ value: Int, _ range: ClosedRange<Int>, field: String) throws(Problem) -> Int {
        guard range.contains(value) else {
            throw FieldError(field: field, problem: "must be from \(range.lowerBound) to \(range.upperBound)").asProblem
        }
        return value
    }
}
