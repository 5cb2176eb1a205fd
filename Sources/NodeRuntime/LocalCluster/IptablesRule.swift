import Foundation

/// One iptables rule between two loopback addresses.
struct IptablesRule: Sendable {
    var source: String
    var destination: String

    func run(_ action: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/iptables")
        process.arguments = [action, "INPUT", "-s", source, "-d", destination, "-j", "DROP"]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw IptablesError(arguments: process.arguments ?? [], status: process.terminationStatus)
        }
    }
}

struct IptablesError: Error, CustomStringConvertible {
    var arguments: [String]
    var status: Int32
    var description: String { "iptables \(arguments.joined(separator: " ")) exited with \(status)" }
}
