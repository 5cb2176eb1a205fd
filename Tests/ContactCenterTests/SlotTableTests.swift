import SeededRandom
import Testing
@testable import ContactCenter

/// The engine's contact and queue tables against a dictionary, with IDs shaped as the
/// gateway makes them (region in the top byte, a sequence below) and with arbitrary ones,
/// through growth and through removals that must shift later entries back into place.
struct SlotTableTests {
    @Test(arguments: 1...10 as ClosedRange<UInt64>)
    func holdsWhatADictionaryHolds(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var table = SlotTable<ContactID>()
        var reference: [ContactID: Int32] = [:]
        var issued: [ContactID] = []
        var sequence: UInt64 = 0
        for step in 0..<30_000 {
            // Grows for two thirds of the run, then mostly drains.
            let adding = step < 20_000 ? random.next() % 3 != 0 : random.next() % 4 == 0
            if adding || issued.isEmpty {
                sequence += 1
                let id = seed % 2 == 0
                    ? ContactID(UInt64(1 + random.next() % 3) << 56 | sequence)
                    : ContactID(random.next())
                let slot = Int32(random.next() % 100_000)
                table.insert(id, slot: slot)
                reference[id] = slot
                issued.append(id)
            } else {
                let index = Int(random.next() % UInt64(issued.count))
                issued.swapAt(index, issued.count - 1)
                let id = issued.removeLast()
                table.remove(id)
                reference[id] = nil
                #expect(table[id] == nil)
            }
            if step % 97 == 0, !issued.isEmpty {
                let probe = issued[Int(random.next() % UInt64(issued.count))]
                #expect(table[probe] == reference[probe])
            }
            #expect(table.count == reference.count)
        }
        for (id, slot) in reference { #expect(table[id] == slot) }
        #expect(table[ContactID(0)] == reference[ContactID(0)])
    }

    @Test
    func replacingAnIDKeepsOneEntry() {
        var table = SlotTable<ContactID>()
        table.insert(ContactID(7), slot: 1)
        table.insert(ContactID(7), slot: 2)
        #expect(table[ContactID(7)] == 2)
        #expect(table.count == 1)
        table.remove(ContactID(7))
        table.remove(ContactID(7))
        #expect(table[ContactID(7)] == nil)
        #expect(table.count == 0)
    }

    /// Queue IDs are a tenant's: small and dense, or scattered over all 32 bits. Every one
    /// configured is found, and one never configured is not.
    @Test(arguments: [false, true])
    func findsEveryQueue(scattered: Bool) {
        var random = SplitMix64(seed: scattered ? 11 : 12)
        var table = SlotTable<QueueID>()
        var reference: [QueueID: Int32] = [:]
        while reference.count < 500 {
            let id = QueueID(scattered ? UInt32(truncatingIfNeeded: random.next()) : UInt32(reference.count))
            guard reference[id] == nil else { continue }
            table.insert(id, slot: Int32(reference.count))
            reference[id] = Int32(reference.count)
        }
        #expect(table.count == 500)
        for (id, slot) in reference { #expect(table[id] == slot) }
        var absent = QueueID(scattered ? 0 : 500)
        while reference[absent] != nil { absent = QueueID(absent.rawValue &+ 1) }
        #expect(table[absent] == nil)
    }
}
