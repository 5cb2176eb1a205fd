import Foundation
import Testing

/// The README's main job, as a user runs it: `switchboard demo` brings up a cluster,
/// routes contacts for the demo tenant, and leaves nothing behind when it stops.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct DemoTests {
    @Test func theDemoRoutesContactsAndCleansUp() throws {
        let process = Process()
        process.executableURL = switchboardExecutable
        process.arguments = ["demo", "--seconds", "12", "--arrivals-per-second", "4", "--seed", "7"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")

        let lines = text.split(separator: "\n").map(String.init)
        let summaries = lines.filter { $0.hasPrefix("t=") }
        #expect(summaries.count >= 8, "\(text)")
        let last = try #require(summaries.last)
        #expect(number(after: "contacts ", in: last) ?? 0 > 0, "\(last)")
        #expect(number(after: "offers ", in: last) ?? 0 > 0, "\(last)")
        #expect(number(after: "answered ", in: last) ?? 0 > 0, "\(last)")

        // Every node's data directory is gone with the cluster.
        let dataDirs = lines.compactMap { line in line.range(of: "(data in ").map { String(line[$0.upperBound...].dropLast()) } }
        #expect(dataDirs.count == 3, "\(text)")
        for directory in dataDirs {
            #expect(!FileManager.default.fileExists(atPath: directory), "\(directory) was left behind")
        }
    }

    private func number(after label: String, in line: String) -> Int? {
        guard let range = line.range(of: label) else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
    }
}
