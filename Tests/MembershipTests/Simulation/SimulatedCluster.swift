import Membership
import SeededRandom
import Transport

/// A deterministic discrete-event network of `SWIMInstance`s in virtual time.
///
/// Every node ticks every `tickInterval`; messages are lost with probability
/// `loss` and delayed uniformly within `delay`; links can be cut one way or both;
/// a node can run slow (its ticks and message handling lag, which is what a CPU-
/// starved process looks like to its peers), be stopped (silent, like SIGSTOP or a
/// black-holed host), be killed (its peers' sends fail at once, like a SIGKILLed
/// process whose port refuses connections) and be restarted as a new generation.
/// All randomness comes from one seed, so any failure replays from it.
struct SimulatedCluster {
    struct NetworkConditions {
        var loss = 0.0
        var delay: ClosedRange<Int> = 1...5 // milliseconds
    }

    enum Crash {
        /// Silent: messages to it vanish (SIGSTOP, a dropped link).
        case stopped
        /// Refusing: senders learn at once that it is unreachable (SIGKILL).
        case killed
    }

    struct Node {
        var instance: SWIMInstance
        var running = true
        var crash: Crash?
        /// Extra lag of each received message, drawn in 0...messageLag ms: a process
        /// whose inbound queue backs up.
        var messageLag = 0
        /// Extra lag of each tick, drawn in 0...tickLag ms: timers firing late.
        var tickLag = 0
        var maxLocalHealth = 0
        /// Bumped on restart so events scheduled for the old process are dropped.
        var epoch = 0
    }

    struct Observation {
        let time: Duration
        let observer: Int
        let event: MembershipEvent
    }

    private enum Event {
        case tick(node: Int, epoch: Int)
        case deliver(SWIMMessage, from: NodeIdentity, to: Int, epoch: Int)
        case sendFailed(node: Int, epoch: Int, peer: NodeIdentity)
    }

    let settings: SWIMSettings
    var conditions: NetworkConditions
    private(set) var nodes: [Node] = []
    private(set) var now: Duration = .zero
    private(set) var observations: [Observation] = []
    private(set) var messagesSent = 0
    private var queue = EventQueue<Event>()
    private var random: SplitMix64
    private var blocked: Set<Link> = []
    private var indexByAddress: [NodeAddress: Int] = [:]
    private let epoch: ContinuousClock.Instant
    private let seeds: [NodeAddress]

    struct Link: Hashable {
        let from: Int
        let to: Int
    }

    /// - Parameter seedCount: the first `seedCount` nodes are every node's seeds.
    init(settings: SWIMSettings, conditions: NetworkConditions = .init(), seed: UInt64, seedCount: Int = 1) {
        self.settings = settings
        self.conditions = conditions
        random = SplitMix64(seed: seed)
        // The only clock read: an origin for virtual time. Only differences from it
        // ever reach the instances, so runs are identical whatever it is.
        epoch = .now
        seeds = (0..<seedCount).map(Self.address)
    }

    static func address(_ index: Int) -> NodeAddress {
        NodeAddress(host: "10.0.\(index / 250).\(index % 250 + 1)", port: 7000)
    }

    func index(of address: NodeAddress) -> Int? { indexByAddress[address] }

    var instant: ContinuousClock.Instant { epoch + now }

    // MARK: - Building the cluster

    /// Starts a new node (generation 1) joining through the seeds; returns its index.
    @discardableResult
    mutating func addNode(region: String = "eu") -> Int {
        let index = nodes.count
        let identity = NodeIdentity(address: Self.address(index), generation: 1)
        let member = SWIMMember(identity: identity, name: "node-\(index)", region: region)
        let instance = SWIMInstance(settings: settings, myself: member, seeds: seeds, randomSeed: random.next())
        nodes.append(Node(instance: instance))
        indexByAddress[identity.address] = index
        startNode(index)
        return index
    }

    /// Starts `count` nodes, one every `spacing`, and runs until every view agrees.
    mutating func bootstrap(count: Int, spacing: Duration = .milliseconds(20), within limit: Duration = .seconds(60)) {
        for _ in 0..<count {
            addNode()
            run(for: spacing)
        }
        let converged = run(until: { $0.isConverged }, within: limit)
        precondition(converged, "bootstrap of \(count) nodes did not converge within \(limit)")
    }

    /// Restarts a node's process as the next generation, joining through the seeds.
    mutating func restart(_ index: Int) {
        let old = nodes[index].instance.myself
        let identity = NodeIdentity(address: old.address, generation: old.identity.generation + 1)
        let member = SWIMMember(identity: identity, name: old.name, region: old.region)
        nodes[index].instance = SWIMInstance(settings: settings, myself: member, seeds: seeds,
                                             randomSeed: random.next())
        nodes[index].running = true
        nodes[index].crash = nil
        nodes[index].epoch += 1
        startNode(index)
    }

    private mutating func startNode(_ index: Int) {
        let directives = nodes[index].instance.start(now: instant)
        carryOut(directives, of: index)
        queue.push(.tick(node: index, epoch: nodes[index].epoch), at: now + settings.tickInterval)
    }

    // MARK: - Faults

    mutating func crash(_ index: Int, _ kind: Crash = .stopped) {
        nodes[index].running = false
        nodes[index].crash = kind
        guard kind == .killed else { return }
        // The kernel closes a killed process's sockets: every peer's transport
        // sees its connection reset and reports the peer lost.
        let identity = nodes[index].instance.myself.identity
        for peer in runningIndices where nodes[peer].instance.member(at: identity.address)?.identity == identity {
            queue.push(.sendFailed(node: peer, epoch: nodes[peer].epoch, peer: identity), at: now + .milliseconds(1))
        }
    }

    /// Resumes a stopped node with its old state, like SIGCONT.
    mutating func resume(_ index: Int) {
        nodes[index].running = true
        nodes[index].crash = nil
        nodes[index].epoch += 1
        queue.push(.tick(node: index, epoch: nodes[index].epoch), at: now + settings.tickInterval)
    }

    mutating func setSlowness(_ index: Int, messageLag: Int, tickLag: Int) {
        nodes[index].messageLag = messageLag
        nodes[index].tickLag = tickLag
    }

    /// Cuts every link from a member of `side` to a member of `other` (and back, if
    /// `bothWays`).
    mutating func partition(_ side: [Int], from other: [Int], bothWays: Bool = true) {
        for a in side {
            for b in other {
                blocked.insert(Link(from: a, to: b))
                if bothWays { blocked.insert(Link(from: b, to: a)) }
            }
        }
    }

    mutating func heal() {
        blocked.removeAll()
    }

    mutating func leave(_ index: Int) {
        carryOut(nodes[index].instance.leave(now: instant), of: index)
    }

    // MARK: - Running

    mutating func run(for duration: Duration) {
        let end = now + duration
        while let next = queue.nextTime, next <= end {
            step()
        }
        now = end
    }

    /// Runs until `condition` holds (checked every 100 ms of virtual time) or
    /// `limit` passes; true if it held.
    @discardableResult
    mutating func run(until condition: (SimulatedCluster) -> Bool, within limit: Duration) -> Bool {
        let end = now + limit
        while now < end {
            if condition(self) { return true }
            run(for: .milliseconds(100))
        }
        return condition(self)
    }

    private mutating func step() {
        guard let (time, event) = queue.pop() else { return }
        now = time
        switch event {
        case .tick(let index, let nodeEpoch):
            guard nodes[index].epoch == nodeEpoch, nodes[index].running else { return }
            let directives = nodes[index].instance.tick(now: instant)
            carryOut(directives, of: index)
            nodes[index].maxLocalHealth = max(nodes[index].maxLocalHealth, nodes[index].instance.localHealth)
            queue.push(.tick(node: index, epoch: nodeEpoch), at: now + settings.tickInterval + lag(upTo: nodes[index].tickLag))
        case .deliver(let message, let sender, let index, let nodeEpoch):
            guard nodes[index].epoch == nodeEpoch, nodes[index].running else { return }
            let directives = nodes[index].instance.receive(message, from: sender, now: instant)
            carryOut(directives, of: index)
        case .sendFailed(let index, let nodeEpoch, let peer):
            guard nodes[index].epoch == nodeEpoch, nodes[index].running else { return }
            carryOut(nodes[index].instance.sendFailed(to: peer, now: instant), of: index)
        }
    }

    private mutating func lag(upTo slowness: Int) -> Duration {
        guard slowness > 0 else { return .zero }
        return .milliseconds(Int(random.next() % UInt64(slowness + 1)))
    }

    private mutating func carryOut(_ directives: [SWIMDirective], of index: Int) {
        let sender = nodes[index].instance.myself.identity
        for directive in directives {
            switch directive {
            case .event(let event):
                observations.append(Observation(time: now, observer: index, event: event))
            case .send(let message, let target):
                messagesSent += 1
                deliver(message, from: sender, senderIndex: index, to: target)
            }
        }
    }

    private mutating func deliver(_ message: SWIMMessage, from sender: NodeIdentity, senderIndex: Int,
                                  to target: NodeIdentity) {
        guard let receiver = indexByAddress[target.address] else { return }
        let node = nodes[receiver]
        let generationMatches = target.generation == 0 || target.generation == node.instance.myself.identity.generation
        if !generationMatches || !node.running && node.crash == .killed {
            // The port refuses connections, or the handshake shows another process
            // generation there: the sender's transport says so at once.
            queue.push(.sendFailed(node: senderIndex, epoch: nodes[senderIndex].epoch, peer: target),
                       at: now + .milliseconds(1))
            return
        }
        guard generationMatches, !blocked.contains(Link(from: senderIndex, to: receiver)) else { return }
        if conditions.loss > 0, random.nextUnit() < conditions.loss { return }
        let span = UInt64(conditions.delay.upperBound - conditions.delay.lowerBound + 1)
        let delay = Duration.milliseconds(conditions.delay.lowerBound + Int(random.next() % span))
        queue.push(.deliver(message, from: sender, to: receiver, epoch: node.epoch),
                   at: now + delay + lag(upTo: node.messageLag))
    }

    // MARK: - Checking

    var runningIndices: [Int] { nodes.indices.filter { nodes[$0].running } }

    /// Every running, joined node sees exactly the running nodes' current
    /// identities alive (ignoring dead and left members it still remembers).
    var isConverged: Bool {
        let running = runningIndices
        let expected = Set(running.map { nodes[$0].instance.myself.identity })
        for index in running {
            let instance = nodes[index].instance
            guard instance.myself.state == .alive else { return false }
            let live = instance.members.filter { $0.state.isLive }
            guard live.allSatisfy({ $0.state == .alive }),
                  Set(live.map(\.identity)) == expected else { return false }
        }
        return true
    }

    /// The first time each observer published an event matching `predicate`.
    func firstObservations(where predicate: (MembershipEvent) -> Bool) -> [Int: Duration] {
        var first: [Int: Duration] = [:]
        for observation in observations where predicate(observation.event) && first[observation.observer] == nil {
            first[observation.observer] = observation.time
        }
        return first
    }

    func events(where predicate: (MembershipEvent) -> Bool, since start: Duration = .zero) -> [Observation] {
        observations.filter { $0.time >= start && predicate($0.event) }
    }
}

extension MembershipEvent {
    var isDown: Bool {
        if case .memberDown = self { return true }
        return false
    }

    var isSuspect: Bool {
        if case .memberSuspect = self { return true }
        return false
    }

    var isReachable: Bool {
        if case .memberReachable = self { return true }
        return false
    }

    var isUp: Bool {
        if case .memberUp = self { return true }
        return false
    }

    var isLeft: Bool {
        if case .memberLeft = self { return true }
        return false
    }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}
