import ContactCenter
import Crypto

/// Contact IDs the gateway hands out: the region of the contact's first routing domain
/// in the top byte, 56 bits below. Any gateway can find a contact's domain from its ID
/// alone, and two gateways never need to agree on a counter.
enum ContactNumbering {
    /// 56 random bits.
    static func next(in region: RegionID) -> ContactID {
        var generator = SystemRandomNumberGenerator()
        return make(region: region, low: generator.next())
    }

    /// 56 bits of SHA-256 of the tenant and the client's idempotency key: every gateway
    /// derives the same ID for the same key, so a request sent again, to any node, names
    /// the contact the first one created. Keys of different tenants never meet: each
    /// tenant's contacts live in its own routing domains.
    static func keyed(_ key: IdempotencyKey, tenant: TenantID, in region: RegionID) -> ContactID {
        var hash = SHA256()
        hash.update(data: Array("switchboard-contact\u{0}\(tenant.rawValue)\u{0}".utf8))
        hash.update(data: Array(key.text.utf8))
        let low = hash.finalize().prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return make(region: region, low: low)
    }

    static func region(of contact: ContactID) -> RegionID? {
        let region = UInt32(contact.rawValue >> 56)
        return region == 0 ? nil : RegionID(region)
    }

    private static func make(region: RegionID, low: UInt64) -> ContactID {
        ContactID(UInt64(region.rawValue) << 56 | max(low & 0x00FF_FFFF_FFFF_FFFF, 1))
    }
}
