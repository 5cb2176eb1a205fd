/// Where a node listens: one host and one port.
///
/// On loopback every node gets its own `127.0.0.N`, and its outgoing connections
/// are bound to that address too, so the kernel sees distinct hosts and a test can
/// cut the link between two nodes with an iptables rule.
public struct NodeAddress: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port` (IPv4 or a hostname; `[::1]:port` for IPv6).
    public init(parsing text: String) throws(AddressParseError) {
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"),
                  text[text.index(after: close)...].hasPrefix(":") else {
                throw AddressParseError(input: text, expected: "[ipv6]:port")
            }
            hostPart = text[text.index(after: text.startIndex)..<close]
            portPart = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw AddressParseError(input: text, expected: "host:port")
            }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
        }
        guard !hostPart.isEmpty else {
            throw AddressParseError(input: text, expected: "a non-empty host")
        }
        guard let port = Int(portPart), (1...65_535).contains(port) else {
            throw AddressParseError(input: text, expected: "a port in 1...65535")
        }
        self.init(host: String(hostPart), port: port)
    }

    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    public static func < (lhs: NodeAddress, rhs: NodeAddress) -> Bool {
        (lhs.host, lhs.port) < (rhs.host, rhs.port)
    }
}

public struct AddressParseError: Error, CustomStringConvertible, Equatable {
    public var input: String
    public var expected: String

    public var description: String { "invalid node address '\(input)': expected \(expected)" }
}
