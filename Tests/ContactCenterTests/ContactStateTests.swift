import ContactCenter
import Testing

@Suite struct ContactStateTests {
    @Test func theHappyPathIsAllowed() throws {
        var state = ContactState.queued
        for next in [ContactState.offered, .connected, .wrapUp, .completed] {
            state = try state.transition(to: next, contact: ContactID(1))
        }
        #expect(state == .completed)
        #expect(state.isTerminal)
    }

    @Test func invalidTransitionsAreTypedErrorsWithContext() {
        #expect(throws: ContactTransitionError(contact: ContactID(7), from: .queued, to: .connected)) {
            try ContactState.queued.transition(to: .connected, contact: ContactID(7))
        }
        #expect(throws: ContactTransitionError(contact: ContactID(7), from: .completed, to: .queued)) {
            try ContactState.completed.transition(to: .queued, contact: ContactID(7))
        }
    }

    @Test func terminalStatesHaveNoWayOut() {
        for state in ContactState.allCases where state.isTerminal {
            #expect(ContactState.allCases.allSatisfy { !state.allows($0) })
        }
        #expect(ContactState.offered.allows(.queued))
        #expect(ContactState.connected.allows(.transferred))
        #expect(!ContactState.wrapUp.allows(.abandoned))
    }

    @Test func domainValuesAreValidated() {
        #expect(throws: DomainError.proficiencyOutOfRange(skill: SkillID(3), proficiency: 6)) { try SkillLevel(SkillID(3), proficiency: 6) }
        #expect(throws: DomainError.capacityOutOfRange(channel: .chat, capacity: 300)) { try ChannelCapacity([.chat: 300]) }
        #expect(throws: DomainError.self) { try ServiceLevelTarget(fraction: 1.5, thresholdSeconds: 20) }
    }

    @Test func businessHoursFollowTheLocalWeek() throws {
        // 09:00–18:00 on weekdays in UTC+8. 1_700_000_000 is Tuesday 2023-11-14 22:13:20 UTC,
        // which is Wednesday 06:13:20 in UTC+8: closed; three hours later it is open.
        let hours = try BusinessHours.daily(openSecondOfDay: 9 * 3600, closeSecondOfDay: 18 * 3600, weekdays: [0, 1, 2, 3, 4], utcOffsetSeconds: 8 * 3600)
        #expect(!hours.isOpen(at: Timestamp(seconds: 1_700_000_000)))
        #expect(hours.isOpen(at: Timestamp(seconds: 1_700_000_000 + 3 * 3600)))
        #expect(BusinessHours.always.isOpen(at: .zero))
    }

    @Test func aSessionFindsTheEarlierContactOnAnotherChannel() {
        var book = SessionBook()
        let call = Fixture.contact(1, queue: 1, channel: .voice)
        var message = Fixture.contact(2, queue: 1, channel: .wechat)
        message.customer = call.customer
        #expect(book.record(call, at: .zero).entries.isEmpty)
        let before = book.record(message, at: Timestamp(seconds: 60))
        #expect(before.latest?.contact == call.id)
        #expect(book.session(for: call.customer)?.channels == [.voice, .wechat])
    }
}
