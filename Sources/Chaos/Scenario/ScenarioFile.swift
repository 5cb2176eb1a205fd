import Foundation
import Yams

/// Reads and validates a scenario file; every mistake comes back as a `ScenarioError`.
public enum ScenarioFile {
    public static func load(_ path: String) throws(ScenarioError) -> Scenario {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ScenarioError(path: path, problem: "cannot be read: \(error.localizedDescription)")
        }
        return try parse(text)
    }

    public static func parse(_ text: String) throws(ScenarioError) -> Scenario {
        guard text.utf8.count <= 1 << 20 else { throw ScenarioError(path: "scenario", problem: "is over 1 MiB") }
        try ScenarioKeys.check(text)
        let scenario: Scenario
        do {
            scenario = try YAMLDecoder().decode(Scenario.self, from: text)
        } catch let error as DecodingError {
            throw ScenarioError(decoding: error)
        } catch {
            throw ScenarioError(path: "scenario", problem: "is not valid YAML: \(error)")
        }
        try scenario.validate()
        return scenario
    }
}

extension ScenarioError {
    init(decoding error: DecodingError) {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce("") { path, key in
                if let index = key.intValue { return path + "[\(index)]" }
                return path.isEmpty ? key.stringValue : path + "." + key.stringValue
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            self.init(path: path(context.codingPath + [key]), problem: "is missing")
        case .typeMismatch(let type, let context):
            self.init(path: path(context.codingPath), problem: "must be \(type)")
        case .valueNotFound(let type, let context):
            self.init(path: path(context.codingPath), problem: "must be \(type), not null")
        case .dataCorrupted(let context):
            self.init(path: path(context.codingPath).isEmpty ? "scenario" : path(context.codingPath),
                      problem: context.debugDescription)
        @unknown default:
            self.init(path: "scenario", problem: "\(error)")
        }
    }
}
