import SeededRandom

/// Something the simulated world does at a virtual time: a customer calls, a conversation
/// ends, a customer runs out of patience, an agent answers an offer, a reporting interval
/// closes. Ties fall to scheduling order, so runs replay exactly.
struct SimulationEvent: Comparable {
    enum Kind: Equatable {
        case arrival(stream: Int)
        case conversationEnd(ContactID)
        case patienceEnd(ContactID)
        case offerAnswered(ReservationID, contact: ContactID, region: Int, accept: Bool)
        case intervalEnd(Int)
    }

    var at: Double
    var sequence: UInt64
    var kind: Kind

    static func < (lhs: SimulationEvent, rhs: SimulationEvent) -> Bool {
        if lhs.at != rhs.at { return lhs.at < rhs.at }
        return lhs.sequence < rhs.sequence
    }

    static func == (lhs: SimulationEvent, rhs: SimulationEvent) -> Bool {
        lhs.at == rhs.at && lhs.sequence == rhs.sequence
    }
}

/// One queue's arrivals: its demand, its own seeded generator (so adding a queue does not
/// change another's draws), and where its figures go.
struct ArrivalStream {
    var region: Int
    var demand: QueueDemand
    var reportQueue: Int
    var random: SplitMix64
    var peakPerSecond: Double
}

/// What the simulated world remembers of a contact while it is being routed.
struct SimulatedContact {
    var region: Int
    var stream: Int
    var reportQueue: Int
    var arrivedAt: Double
    var channel: Channel
    var counted: Bool
    var answered = false
}
