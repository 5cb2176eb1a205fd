import Distributed

/// The local actors by path. Ordinary actors are held weakly so that `resignID`
/// fires when the last reference goes; well-known actors are held by the system.
struct ActorRegistry {
    private struct Entry {
        weak var weakActor: (any DistributedActor)?
        var strongActor: (any DistributedActor)?
        var actor: (any DistributedActor)? { strongActor ?? weakActor }
    }

    private var entries: [String: Entry] = [:]
    private var counter: UInt64 = 0

    mutating func freshPath(for typeName: String) -> String {
        counter += 1
        return "/user/\(typeName)-\(counter)"
    }

    mutating func register(_ actor: any DistributedActor, at path: String) {
        entries[path, default: Entry()].weakActor = actor
    }

    /// Returns the actor this one replaces, for the caller to release outside its lock:
    /// releasing the last reference runs `resignID`, which takes the lock again.
    mutating func retain(_ actor: any DistributedActor, at path: String) -> (any DistributedActor)? {
        defer { entries[path, default: Entry()].strongActor = actor }
        return entries[path]?.strongActor
    }

    func find(_ path: String) -> (any DistributedActor)? {
        entries[path]?.actor
    }

    /// Forgets `path` once no actor lives there: an actor that resigns after another
    /// took over its path (a replaced well-known actor) must not unregister the new one.
    mutating func removeIfGone(_ path: String) {
        if entries[path]?.actor == nil {
            entries.removeValue(forKey: path)
        }
    }

    /// Empties the registry and returns the actors it kept alive, for the caller to
    /// release outside its lock.
    mutating func removeAll() -> [any DistributedActor] {
        defer { entries.removeAll() }
        return entries.values.compactMap(\.strongActor)
    }
}
