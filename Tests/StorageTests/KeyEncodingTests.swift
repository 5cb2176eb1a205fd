import SeededRandom
import Storage
import Testing

/// Bytewise order, as RocksDB's default comparator sees keys.
func bytewiseLess(_ left: [UInt8], _ right: [UInt8]) -> Bool {
    left.lexicographicallyPrecedes(right)
}

@Suite struct KeyEncodingTests {
    @Test func integersEncodeBigEndian() {
        #expect(UInt64(0x0102_0304_0506_0708).encodedKey == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(UInt32(0x0A0B_0C0D).encodedKey == [0x0A, 0x0B, 0x0C, 0x0D])
        #expect(UInt16(0x0102).encodedKey == [1, 2])
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func unsignedByteOrderIsNumericOrder(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        for _ in 0..<5_000 {
            // Mix full-range values with small ones, where byte-order bugs hide.
            let left = random.next() >> (random.next() % 64)
            let right = random.next() >> (random.next() % 64)
            #expect(bytewiseLess(left.encodedKey, right.encodedKey) == (left < right), "\(left) vs \(right)")
            #expect(try UInt64(encodedKey: left.encodedKey) == left)
        }
    }

    @Test func signedByteOrderIsNumericOrder() throws {
        var random = SplitMix64(seed: 7)
        let edges: [Int64] = [.min, -1, 0, 1, .max]
        let values = edges + (0..<2_000).map { _ in Int64(bitPattern: random.next()) >> (random.next() % 64) }
        for left in values.prefix(200) {
            for right in values {
                #expect(bytewiseLess(left.encodedKey, right.encodedKey) == (left < right))
            }
            #expect(try Int64(encodedKey: left.encodedKey) == left)
        }
    }

    @Test func stringsSortByUTF8AndRoundTripWithEmbeddedZeros() throws {
        let strings = ["", "\0", "\0\0", "a", "a\0", "a\0b", "ab", "b", "é", "中文", "\u{FF}"]
        for left in strings {
            #expect(try String(encodedKey: left.encodedKey) == left)
            for right in strings {
                #expect(
                    bytewiseLess(left.encodedKey, right.encodedKey) == Array(left.utf8).lexicographicallyPrecedes(right.utf8),
                    "\(left.debugDescription) vs \(right.debugDescription)"
                )
            }
        }
    }

    @Test func compositeKeysOrderComponentWise() throws {
        // A shorter string must sort first even when the next component starts with 0xFF.
        let keys = [
            CompositeKey("a", UInt64.max),
            CompositeKey("a\0", UInt64(0)),
            CompositeKey("ab", UInt64(0)),
            CompositeKey("ab", UInt64(1)),
            CompositeKey("b", UInt64(0)),
        ]
        for (index, key) in keys.enumerated().dropLast() {
            #expect(bytewiseLess(key.encodedKey, keys[index + 1].encodedKey))
        }
        let decoded = try CompositeKey<String, UInt64>(encodedKey: keys[1].encodedKey)
        #expect(decoded.components.0 == "a\0")
        #expect(decoded.components.1 == 0)
    }

    @Test func leadingComponentsArePrefixOfKey() {
        let key = CompositeKey(UInt32(17), UInt64(3), UInt64(99)).encodedKey
        #expect(key.starts(with: CompositeKey(UInt32(17)).encodedKey))
        #expect(key.starts(with: CompositeKey(UInt32(17), UInt64(3)).encodedKey))
        #expect(!key.starts(with: CompositeKey(UInt32(18)).encodedKey))
    }

    @Test func malformedKeysAreTypedErrors() {
        #expect(throws: StorageError.self) { try UInt64(encodedKey: [1, 2, 3]) }
        #expect(throws: StorageError.self) { try String(encodedKey: [0x61, 0x00]) }
        #expect(throws: StorageError.self) { try UInt32(encodedKey: [0, 0, 0, 1, 9]) }
    }

    @Test func prefixRangeCoversExactlyThePrefix() {
        #expect(KeyRange.prefix([1, 2]) == KeyRange(from: [1, 2], to: [1, 3]))
        #expect(KeyRange.prefix([1, 0xFF]) == KeyRange(from: [1, 0xFF], to: [2]))
        #expect(KeyRange.prefix([0xFF, 0xFF]) == KeyRange(from: [0xFF, 0xFF], to: nil))
        #expect(KeyRange.prefix([]) == .all)
    }
}
