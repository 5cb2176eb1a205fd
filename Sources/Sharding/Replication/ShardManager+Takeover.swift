import ClusterSystem
import Distributed
import Transport

extension ShardManager {
    /// Starts taking the shard over unless that is already under way; retries with
    /// backoff until it serves or placement moves the shard elsewhere.
    func startTakeover(_ shard: ShardID) {
        guard takeovers[shard] == nil else { return }
        // Detached: a takeover often starts inside a call's handler, whose deadline
        // it must not inherit (every call it makes would time out with the handler's).
        takeovers[shard] = Task.detached { [self] in await self.keepTakingOver(shard) }
    }

    private func keepTakingOver(_ shard: ShardID) async {
        var delay = settings.takeoverRetryDelay
        while !Task.isCancelled, isPrimary(of: shard), serving[shard] == nil {
            do {
                try await takeOver(shard)
            } catch {
                logger.info("takeover failed; retrying", metadata: ["shard": "\(shard)", "reason": "\(error)"])
                try? await Task.sleep(for: delay * Double.random(in: 0.5...1.5))
                delay = min(delay * 2, settings.takeoverRetryDelay * 8)
            }
        }
        if !Task.isCancelled { takeovers[shard] = nil }
    }

    /// One attempt at the takeover protocol (see the type's documentation).
    private func takeOver(_ shard: ShardID) async throws(TakeoverError) {
        let started = ContinuousClock.now
        let others = view.members.map(\.identity).filter { $0 != me }

        // 1. What everyone holds, for an epoch above every promise.
        var promised = store.state(of: shard).promised
        for (_, state) in try await ask(others, shard, "state", { try await $0.replicaState(shard) }) {
            promised = max(promised, state.promised)
        }
        let epoch = promised.next

        // 2. Fence: this node first, then every live member.
        var mine = store.state(of: shard)
        guard case .promised = mine.fence(at: epoch) else { throw .superseded(shard, by: mine.promised) }
        try storing { try store.save(mine, of: shard) }
        var copies = [me: mine]
        for (member, decision) in try await ask(others, shard, "fence", { try await $0.fence(shard, epoch: epoch) }) {
            switch decision {
            case .promised(let state): copies[member] = state
            case .refused(let higher): throw .superseded(shard, by: higher)
            }
        }
        try checkStillTakingOver(shard, epoch: epoch)

        // 3. Catch up from the copy furthest ahead.
        let (sourceMember, source) = copies.max { $1.value.isAhead(of: $0.value) }.map { ($0.key, $0.value) } ?? (me, mine)
        if sourceMember != me {
            try await catchUp(shard, epoch: epoch, from: sourceMember, source: source)
        }

        // 4. Install the backup.
        let backup = placement[shard]?.backup.flatMap { view.identity(at: $0) }
        if let backup {
            guard let held = copies[backup] else { throw .viewChanged(shard) }
            try await install(shard, epoch: epoch, on: backup, holding: held, source: source)
        } else if settings.configuredNodes > 1 {
            throw .noBackup(shard)
        }
        try checkStillTakingOver(shard, epoch: epoch)
        guard placement[shard]?.backup.flatMap({ view.identity(at: $0) }) == backup else { throw .viewChanged(shard) }

        // 5. Serve. Only now does the local copy take the new epoch: a takeover that
        // stops short (no backup, a lost race) must not leave a copy that looks newer
        // than the ones holding the acknowledged writes.
        mine = store.state(of: shard)
        mine.logEpoch = epoch
        try storing { try store.save(mine, of: shard) }
        serving[shard] = PrimaryShard(epoch: epoch, backup: backup, backupSequence: mine.lastSequence)
        // The shard just moved here: whoever held it before and owns it no longer may drop it.
        releaseCopies(of: shard, servedAt: epoch)
        logger.notice("serving", metadata: [
            "shard": "\(shard)", "epoch": "\(epoch)", "backup": "\(backup.map { "\($0)" } ?? "none")",
            "entries": "\(mine.lastSequence)", "caughtUpFrom": "\(sourceMember)",
            "tookMs": "\((ContinuousClock.now - started).components.seconds * 1000 + (ContinuousClock.now - started).components.attoseconds / 1_000_000_000_000_000)",
        ])
        wakeResidentEntities(of: shard)
    }

    /// Brings the local copy level with `source`'s, by tail if they share a log epoch.
    private func catchUp(_ shard: ShardID, epoch: ShardEpoch, from member: NodeIdentity,
                         source: ReplicaState) async throws(TakeoverError) {
        let local = store.state(of: shard)
        if !local.canCatchUpByTail(from: source) {
            try storing { try store.clear(shard) }
        }
        let remote = try resolve(member)
        let pageSize = settings.installPageSize
        while store.state(of: shard).lastSequence < source.lastSequence {
            let from = store.state(of: shard).lastSequence + 1
            let page: [LogEntry]
            do {
                page = try await ClusterSystem.withCallTimeout(settings.replicationTimeout) {
                    try await remote.readLog(shard, from: from, limit: pageSize).entries
                }
            } catch {
                throw .unreachable(member, "readLog", "\(error)")
            }
            try checkStillTakingOver(shard, epoch: epoch)
            guard let last = page.last, page.first?.sequence == from else {
                throw .sourceInconsistent(shard, member, expected: from)
            }
            var state = store.state(of: shard)
            state.lastSequence = last.sequence
            try storing { try store.append(page, to: shard, state: state) }
        }
    }

    /// Installs the local log on the new backup: the tail it lacks, or everything.
    private func install(_ shard: ShardID, epoch: ShardEpoch, on backup: NodeIdentity, holding held: ReplicaState,
                         source: ReplicaState) async throws(TakeoverError) {
        let remote = try resolve(backup)
        let byTail = held.canCatchUpByTail(from: source)
        var next = byTail ? held.lastSequence + 1 : 1
        var replace = !byTail
        let last = store.state(of: shard).lastSequence
        while true {
            let page: [LogEntry]
            do {
                page = Array(ByteBudget.prefix(try store.entries(of: shard, from: next, limit: settings.installPageSize),
                                               size: \.estimatedBytes))
            } catch {
                throw .storage("\(error)")
            }
            let complete = (page.last?.sequence ?? last) >= last
            let reply: InstallReply
            do {
                reply = try await ClusterSystem.withCallTimeout(settings.replicationTimeout) { [replace] in
                    try await remote.install(shard, epoch: epoch, replace: replace, page: LogPage(page), complete: complete)
                }
            } catch {
                throw .unreachable(backup, "install", "\(error)")
            }
            switch reply {
            case .installed:
                break
            case .refused(let promised):
                throw .superseded(shard, by: promised)
            case .gap(let expected):
                throw .sourceInconsistent(shard, backup, expected: expected)
            }
            if complete { return }
            replace = false
            next = (page.last?.sequence ?? next) + 1
            try checkStillTakingOver(shard, epoch: epoch)
        }
    }

    /// Asks every member in parallel; any failure fails the step, because a member
    /// that cannot be asked might hold the newest copy or serve the shard.
    private func ask<Answer: Sendable>(
        _ members: [NodeIdentity], _ shard: ShardID, _ step: String,
        _ call: @escaping @Sendable (ShardManager) async throws -> Answer
    ) async throws(TakeoverError) -> [(NodeIdentity, Answer)] {
        let system = actorSystem
        let timeout = settings.replicationTimeout
        let results = await withTaskGroup(of: (NodeIdentity, Result<Answer, any Error>).self) { group in
            for member in members {
                group.addTask {
                    do {
                        let remote = try ShardManager.resolve(id: .wellKnown(Self.path, on: member.address), using: system)
                        return (member, .success(try await ClusterSystem.withCallTimeout(timeout) { try await call(remote) }))
                    } catch {
                        return (member, .failure(error))
                    }
                }
            }
            var results: [(NodeIdentity, Result<Answer, any Error>)] = []
            for await result in group { results.append(result) }
            return results
        }
        var answers: [(NodeIdentity, Answer)] = []
        for (member, result) in results {
            switch result {
            case .success(let answer): answers.append((member, answer))
            case .failure(let error): throw .unreachable(member, step, "\(error)")
            }
        }
        return answers
    }

    private func resolve(_ member: NodeIdentity) throws(TakeoverError) -> ShardManager {
        do {
            return try ShardManager.resolve(id: .wellKnown(Self.path, on: member.address), using: actorSystem)
        } catch {
            throw .unreachable(member, "resolve", "\(error)")
        }
    }

    private func checkStillTakingOver(_ shard: ShardID, epoch: ShardEpoch) throws(TakeoverError) {
        guard !Task.isCancelled, isPrimary(of: shard), serving[shard] == nil else { throw .viewChanged(shard) }
        let promised = store.state(of: shard).promised
        guard promised == epoch else { throw .superseded(shard, by: promised) }
    }

    private func storing(_ operation: () throws -> Void) throws(TakeoverError) {
        do {
            try operation()
        } catch {
            throw .storage("\(error)")
        }
    }
}

/// Why one takeover attempt stopped; the next attempt starts from scratch.
enum TakeoverError: Error, CustomStringConvertible {
    case unreachable(NodeIdentity, String, String)
    case superseded(ShardID, by: ShardEpoch)
    case viewChanged(ShardID)
    case noBackup(ShardID)
    case sourceInconsistent(ShardID, NodeIdentity, expected: UInt64)
    case storage(String)

    var description: String {
        switch self {
        case .unreachable(let member, let step, let error): "\(step) on \(member) failed: \(error)"
        case .superseded(let shard, let epoch): "\(shard) is promised to \(epoch) already"
        case .viewChanged(let shard): "placement of \(shard) changed meanwhile"
        case .noBackup(let shard): "\(shard) has no backup in this view; a write would not survive one loss"
        case .sourceInconsistent(let shard, let member, let expected): "\(member)'s copy of \(shard) does not continue at #\(expected)"
        case .storage(let error): "storage: \(error)"
        }
    }
}
