import Sharding
import Testing

@Suite struct ReplicaStateTests {
    let installed = ReplicaState(promised: ShardEpoch(3), logEpoch: ShardEpoch(3), lastSequence: 10)

    @Test func fenceOnlyRaisesThePromise() {
        var state = installed
        #expect(state.fence(at: ShardEpoch(3)) == .refused(promised: ShardEpoch(3)))
        #expect(state.fence(at: ShardEpoch(2)) == .refused(promised: ShardEpoch(3)))
        let raised = ReplicaState(promised: ShardEpoch(4), logEpoch: ShardEpoch(3), lastSequence: 10)
        #expect(state.fence(at: ShardEpoch(4)) == .promised(raised))
        #expect(state == raised)
    }

    @Test func appendsFromTheInstalledEpochContinueTheLog() {
        #expect(installed.decideAppend(epoch: ShardEpoch(3), first: 11) == .accept(skipping: 0))
        #expect(installed.decideAppend(epoch: ShardEpoch(3), first: 8) == .accept(skipping: 3))
        #expect(installed.decideAppend(epoch: ShardEpoch(3), first: 13) == .gap(expected: 11))
    }

    @Test func aDeposedPrimaryIsFencedAndAnUnannouncedOneIsNotInstalled() {
        #expect(installed.decideAppend(epoch: ShardEpoch(2), first: 11) == .fenced(promised: ShardEpoch(3)))
        #expect(installed.decideAppend(epoch: ShardEpoch(4), first: 11) == .notInstalled)
        var fenced = installed
        _ = fenced.fence(at: ShardEpoch(4))
        // Promised to the next primary but not yet installed by it: nobody may append.
        #expect(fenced.decideAppend(epoch: ShardEpoch(3), first: 11) == .fenced(promised: ShardEpoch(4)))
        #expect(fenced.decideAppend(epoch: ShardEpoch(4), first: 11) == .notInstalled)
    }

    @Test func aLaterLogEpochIsAheadWhateverItsLength() {
        let longOld = ReplicaState(promised: ShardEpoch(5), logEpoch: ShardEpoch(2), lastSequence: 500)
        let shortNew = ReplicaState(promised: ShardEpoch(5), logEpoch: ShardEpoch(3), lastSequence: 4)
        #expect(shortNew.isAhead(of: longOld))
        #expect(!longOld.isAhead(of: shortNew))
        let longer = ReplicaState(promised: ShardEpoch(5), logEpoch: ShardEpoch(3), lastSequence: 5)
        #expect(longer.isAhead(of: shortNew))
    }

    @Test func onlyACopyOfTheSameLogEpochCatchesUpByTail() {
        let source = ReplicaState(promised: ShardEpoch(6), logEpoch: ShardEpoch(5), lastSequence: 40)
        #expect(ReplicaState(promised: ShardEpoch(6), logEpoch: ShardEpoch(5), lastSequence: 12).canCatchUpByTail(from: source))
        #expect(!ReplicaState(promised: ShardEpoch(6), logEpoch: ShardEpoch(4), lastSequence: 12).canCatchUpByTail(from: source))
        #expect(!ReplicaState(promised: ShardEpoch(6), logEpoch: ShardEpoch(5), lastSequence: 41).canCatchUpByTail(from: source))
        // A half-done whole-log install has no log epoch and always starts over.
        #expect(!ReplicaState(promised: ShardEpoch(6)).canCatchUpByTail(from: ReplicaState(promised: ShardEpoch(6))))
    }
}
