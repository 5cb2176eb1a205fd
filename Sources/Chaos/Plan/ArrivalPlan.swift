import Foundation
import SeededRandom

/// One customer's contact as the seed decides it.
public struct PlannedArrival: Sendable, Equatable {
    /// Seconds after the load begins.
    public var at: Double
    public var queue: Int
    public var channel: String
    public var customer: Int
    public var gold: Bool
    /// How long the customer waits unanswered before hanging up.
    public var patience: Double
    /// How long the agent who answers talks with the customer.
    public var handleSeconds: Double
}

/// The whole load of a run, drawn up front from the seed, so that a replay sends the
/// same customers at the same moments.
public enum ArrivalPlan {
    /// Poisson arrivals per queue whose rate follows the spike, by thinning: candidates at
    /// the peak rate, each kept with the share of the peak in force at its moment.
    public static func make(_ load: LoadProfile, seed: UInt64) -> [PlannedArrival] {
        var random = SplitMix64(seed: SplitMix64.mix(seed, 0xA7))
        let peak = load.spike.map { max(1, $0.factor) } ?? 1
        let channels = load.channels.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        let weights = channels.reduce(0) { $0 + $1.value }
        var plan: [PlannedArrival] = []
        for stream in load.arrivals {
            var at = 0.0
            while true {
                at += -log(1 - random.nextUnit()) / (stream.perSecond * peak)
                guard at < load.seconds else { break }
                guard random.nextUnit() < load.factor(at: at) / peak else { continue }
                var pick = random.nextUnit() * weights
                var channel = channels[channels.count - 1].key
                for (name, weight) in channels {
                    if pick < weight {
                        channel = name
                        break
                    }
                    pick -= weight
                }
                plan.append(PlannedArrival(at: at, queue: stream.queue, channel: channel,
                                           customer: 1 + Int(random.next() % UInt64(load.customers)),
                                           gold: random.nextUnit() < 0.1,
                                           patience: -log(1 - random.nextUnit()) * load.patienceSeconds,
                                           handleSeconds: handleSeconds(load, &random)))
            }
        }
        return plan.sorted { $0.at < $1.at }
    }

    /// Exponential above the floor, with the profile's mean.
    static func handleSeconds(_ load: LoadProfile, _ random: inout SplitMix64) -> Double {
        let mean = max(0.001, load.handleSeconds - load.minimumHandleSeconds)
        return load.minimumHandleSeconds - log(1 - random.nextUnit()) * mean
    }
}
