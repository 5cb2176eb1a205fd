#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Small TCP helpers on IPv4 loopback, done with plain sockets so `run` can
/// check the server before any gRPC machinery is involved.
enum Loopback {
    /// Whether `host` is a dotted-quad IPv4 address in 127.0.0.0/8.
    static func isIPv4Loopback(_ host: String) -> Bool {
        guard let address = parse(host) else { return false }
        return withUnsafeBytes(of: address.s_addr) { $0[0] } == 127
    }

    /// Whether something accepts TCP connections on host:port right now.
    static func acceptsConnections(host: String, port: Int) -> Bool {
        guard let fd = try? makeSocket() else { return false }
        defer { close(fd) }
        var address = socketAddress(host: host, port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0
    }

    /// A port on `host` that was free a moment ago: bind to port 0, read back
    /// what the kernel chose, release it. Another process could take it in
    /// between; `run` refuses a port that already answers before it spawns.
    static func freePort(host: String) throws -> Int {
        let fd = try makeSocket()
        defer { close(fd) }
        var address = socketAddress(host: host, port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw BenchError.system("bind(\(host):0)", errno) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getsockname(fd, $0, &length)
            }
        }
        guard named == 0 else { throw BenchError.system("getsockname", errno) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func parse(_ host: String) -> in_addr? {
        var address = in_addr()
        return inet_pton(AF_INET, host, &address) == 1 ? address : nil
    }

    private static func makeSocket() throws -> Int32 {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw BenchError.system("socket", errno) }
        return fd
    }

    private static func socketAddress(host: String, port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr = parse(host) ?? in_addr()
        return address
    }
}
