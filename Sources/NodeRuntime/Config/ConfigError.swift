/// A configuration that cannot be used, naming the key, the file and what was expected.
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable {
        case missing(expected: String)
        case invalid(value: String, expected: String)
        case unreadable(String)
    }

    public var key: String
    public var problem: Problem
    /// The file the value came from (environment overrides may have replaced it).
    public var file: String?

    public init(key: String, problem: Problem, file: String? = nil) {
        self.key = key
        self.problem = problem
        self.file = file
    }

    public var description: String {
        let source = file.map { " in \($0)" } ?? ""
        switch problem {
        case .missing(let expected):
            return "configuration key '\(key)'\(source) is missing: expected \(expected)"
        case .invalid(let value, let expected):
            return "configuration key '\(key)'\(source) is '\(value)': expected \(expected)"
        case .unreadable(let why):
            return "configuration\(source) cannot be read: \(why)"
        }
    }
}
