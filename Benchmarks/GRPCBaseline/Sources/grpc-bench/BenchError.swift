#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Failures reported to the user; ArgumentParser prints the description and
/// exits non-zero, which is what `switchboard bench rpc` keys on.
enum BenchError: Error, CustomStringConvertible {
    case system(String, Int32)
    case serverDidNotStart(endpoint: String, after: Duration)
    case serverExited(status: String)
    case portInUse(endpoint: String)
    case phaseHung(String, after: Duration)
    case badEcho(expected: Int, got: Int)

    var description: String {
        switch self {
        case .system(let call, let code):
            return "\(call) failed: \(String(cString: strerror(code))) (errno \(code))"
        case .serverDidNotStart(let endpoint, let after):
            return "gRPC server did not accept connections on \(endpoint) within \(after)"
        case .serverExited(let status):
            return "gRPC server exited before accepting connections (\(status)); see its stderr above"
        case .portInUse(let endpoint):
            return "\(endpoint) already accepts connections; pick another --port"
        case .phaseHung(let phase, let after):
            return "\(phase) did not finish within \(after); cancelled"
        case .badEcho(let expected, let got):
            return "echo mismatch: sent \(expected) bytes, got back \(got) (or different content)"
        }
    }
}
