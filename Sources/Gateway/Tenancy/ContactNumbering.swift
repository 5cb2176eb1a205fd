import ContactCenter

/// Contact IDs the gateway hands out: the region of the contact's first routing domain
/// in the top byte, 56 random bits below. Any gateway can find a contact's domain from
/// its ID alone, and two gateways never need to agree on a counter.
enum ContactNumbering {
    static func next(in region: RegionID) -> ContactID {
        var generator = SystemRandomNumberGenerator()
        let random = (generator.next() as UInt64) & 0x00FF_FFFF_FFFF_FFFF
        return ContactID(UInt64(region.rawValue) << 56 | max(random, 1))
    }

    static func region(of contact: ContactID) -> RegionID? {
        let region = UInt32(contact.rawValue >> 56)
        return region == 0 ? nil : RegionID(region)
    }
}
