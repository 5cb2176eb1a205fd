import Crypto
import ContactCenter
import Foundation

/// A tenant's API key: `sbk_<tenant>_<key id>_<secret>`.
///
/// The tenant and key ID travel in the clear so a gateway finds the tenant's key list
/// without a global index; only the SHA-256 of the secret is stored, so a key is shown
/// once, when it is created, and cannot be read back from the log or a backup.
public struct APIKey: Sendable, Equatable {
    public static let prefix = "sbk"
    public var tenant: TenantID
    /// Eight hex digits, unique within the tenant.
    public var id: String
    /// 32 hex digits: 128 random bits.
    public var secret: String

    /// A new key with a random ID and secret.
    public static func generate(for tenant: TenantID) -> APIKey {
        var generator = SystemRandomNumberGenerator()
        return APIKey(tenant: tenant, id: hex(generator.next() as UInt32, digits: 8),
                      secret: hex(generator.next() as UInt64, digits: 16) + hex(generator.next() as UInt64, digits: 16))
    }

    public init(tenant: TenantID, id: String, secret: String) {
        self.tenant = tenant
        self.id = id
        self.secret = secret
    }

    /// Parses a presented key; nil for anything not shaped like one.
    public init?(parsing text: some StringProtocol) {
        let parts = text.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == Self.prefix,
              let tenant = UInt32(parts[1]),
              parts[2].utf8.count == 8, parts[2].utf8.allSatisfy(Self.isASCIIHexDigit),
              parts[3].utf8.count == 32, parts[3].utf8.allSatisfy(Self.isASCIIHexDigit)
        else { return nil }
        self.init(tenant: TenantID(tenant), id: String(parts[2]), secret: String(parts[3]))
    }

    private static func isASCIIHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    public var text: String { "\(Self.prefix)_\(tenant.rawValue)_\(id)_\(secret)" }

    /// What is stored: SHA-256 over the whole key, as hex.
    public var hash: String { Self.sha256(text) }

    static func sha256(_ text: String) -> String {
        // Written byte by byte: every request's key is hashed, and a string per byte
        // (then joined) cost more than the hash itself.
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(2 * SHA256.byteCount)
        for byte in SHA256.hash(data: Array(text.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    private static func hex(_ value: some BinaryInteger, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}

/// The operator's key: cluster administration and tenant creation. Configured per
/// cluster (`gateway.operatorKey`); a node keeps only its hash.
public struct OperatorKeyHash: Sendable, Equatable {
    let hash: String

    public init(key: String) {
        hash = APIKey.sha256(key)
    }

    func matches(_ presented: String) -> Bool {
        constantTimeEqual(APIKey.sha256(presented), hash)
    }
}

/// Compares two hashes without leaking where they differ through timing.
func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
    let left = Array(lhs.utf8), right = Array(rhs.utf8)
    guard left.count == right.count else { return false }
    var difference: UInt8 = 0
    for index in left.indices { difference |= left[index] ^ right[index] }
    return difference == 0
}
