import Foundation
import Transport

/// Runs wrk (Debian's package) against several gateways at once, one process each with
/// an equal share of the connections, and sums what they report.
enum Wrk {
    struct Result {
        var requests = 0
        var non2xx = 0
        var socketErrors = 0
        var seconds = 0.0
        var p50Milliseconds = 0.0
        /// The worst of the processes' p99s: each saw a third of the load.
        var p99Milliseconds = 0.0
    }

    /// A POST of one new contact per request, each for another random customer, so
    /// sessions spread over every shard as real traffic does.
    static func contactScript(key: String, queue: Int) -> String {
        """
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "application/json"
        wrk.headers["Authorization"] = "Bearer \(key)"
        request = function()
          local body = '{"channel":"chat","queueId":\(queue),"customerId":' .. math.random(1, 1000000000) .. '}'
          return wrk.format(nil, nil, nil, body)
        end
        """
    }

    static func run(against gateways: [NodeAddress], path: String, script: String?, connections: Int, seconds: Int,
                    directory: URL) async throws -> Result {
        var scriptPath: String?
        if let script {
            let url = directory.appendingPathComponent("wrk-\(UUID().uuidString).lua")
            try script.write(to: url, atomically: true, encoding: .utf8)
            scriptPath = url.path
        }
        let outputs = try await withThrowingTaskGroup(of: String.self) { group in
            for gateway in gateways {
                var arguments = ["-t1", "-c\(max(1, connections / gateways.count))", "-d\(seconds)s", "--latency", "--timeout", "10s"]
                if let scriptPath { arguments += ["-s", scriptPath] }
                arguments.append("http://\(gateway.host):\(gateway.port)\(path)")
                group.addTask { try await output(of: "/usr/bin/wrk", arguments) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        var result = Result()
        for text in outputs {
            let one = try parse(text)
            result.requests += one.requests
            result.non2xx += one.non2xx
            result.socketErrors += one.socketErrors
            result.seconds = max(result.seconds, one.seconds)
            result.p50Milliseconds = max(result.p50Milliseconds, one.p50Milliseconds)
            result.p99Milliseconds = max(result.p99Milliseconds, one.p99Milliseconds)
        }
        return result
    }

    private static func output(of executable: String, _ arguments: [String]) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = await Task.detached { pipe.fileHandleForReading.readDataToEndOfFile() }.value
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    struct ParseError: Error, CustomStringConvertible {
        var output: String
        var description: String { "could not read wrk's output:\n\(output)" }
    }

    /// Reads "N requests in 15.00s", "Non-2xx or 3xx responses: N", "Socket errors: …"
    /// and the latency distribution's 50% and 99% lines.
    static func parse(_ text: String) throws -> Result {
        var result = Result()
        for line in text.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if words.count >= 4, words[1] == "requests", words[2] == "in" {
                result.requests = Int(words[0]) ?? 0
                result.seconds = milliseconds(words[3].trimmingCharacters(in: CharacterSet(charactersIn: ","))) / 1_000
            } else if line.hasPrefix("Non-2xx or 3xx responses:") {
                result.non2xx = Int(words.last ?? "") ?? 0
            } else if line.hasPrefix("Socket errors:") {
                result.socketErrors = line.split(separator: ",").compactMap { Int($0.split(separator: " ").last ?? "") }.reduce(0, +)
            } else if words.count == 2, words[0] == "50%" {
                result.p50Milliseconds = milliseconds(words[1])
            } else if words.count == 2, words[0] == "99%" {
                result.p99Milliseconds = milliseconds(words[1])
            }
        }
        guard result.requests > 0, result.seconds > 0 else { throw ParseError(output: text) }
        return result
    }

    /// wrk prints durations as "850.00us", "12.34ms", "1.02s", and from a minute up
    /// as "1.00m" or "1.00h".
    private static func milliseconds(_ text: String) -> Double {
        let units: [(suffix: String, milliseconds: Double)] = [("us", 0.001), ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000)]
        guard let unit = units.first(where: { text.hasSuffix($0.suffix) }),
              let value = Double(text.dropLast(unit.suffix.count)) else { return 0 }
        return value * unit.milliseconds
    }
}
