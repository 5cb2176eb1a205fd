import ContactCenter
import Foundation

/// The `--json` shape of a simulation report: snake_case keys, per queue `service_level`,
/// `asa_s`, `abandon_rate` and `occupancy`, and the same per interval.
enum SimulateJSON {
    struct Figures: Encodable {
        var offered: Int
        var answered: Int
        var abandoned: Int
        var refused: Int
        var maxWaitExceeded: Int
        var serviceLevel: Double?
        var asaS: Double?
        var abandonRate: Double?
        var occupancy: Double?

        init(_ figures: SimulationFigures) {
            offered = figures.offered
            answered = figures.answered
            abandoned = figures.abandoned
            refused = figures.refused
            maxWaitExceeded = figures.maxWaitExceeded
            serviceLevel = figures.serviceLevel
            asaS = figures.averageSpeedOfAnswerSeconds
            abandonRate = figures.abandonRate
            occupancy = figures.occupancy
        }

        enum CodingKeys: String, CodingKey {
            case offered, answered, abandoned, refused, occupancy
            case maxWaitExceeded = "max_wait_exceeded"
            case serviceLevel = "service_level"
            case asaS = "asa_s"
            case abandonRate = "abandon_rate"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(offered, forKey: .offered)
            try container.encode(answered, forKey: .answered)
            try container.encode(abandoned, forKey: .abandoned)
            try container.encode(refused, forKey: .refused)
            try container.encode(maxWaitExceeded, forKey: .maxWaitExceeded)
            try container.encode(serviceLevel, forKey: .serviceLevel)
            try container.encode(asaS, forKey: .asaS)
            try container.encode(abandonRate, forKey: .abandonRate)
            try container.encode(occupancy, forKey: .occupancy)
        }
    }

    struct Interval: Encodable {
        var startS: Double
        var figures: Figures

        enum CodingKeys: String, CodingKey { case startS = "start_s" }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(startS, forKey: .startS)
            try figures.encode(to: encoder)
        }
    }

    struct Queue: Encodable {
        var region: UInt32
        var queue: UInt32
        var name: String
        var agents: Int
        var thresholdS: Double
        var figures: Figures
        var intervals: [Interval]

        enum CodingKeys: String, CodingKey {
            case region, queue, name, agents, intervals
            case thresholdS = "threshold_s"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(region, forKey: .region)
            try container.encode(queue, forKey: .queue)
            try container.encode(name, forKey: .name)
            try container.encode(agents, forKey: .agents)
            try container.encode(thresholdS, forKey: .thresholdS)
            try figures.encode(to: encoder)
            try container.encode(intervals, forKey: .intervals)
        }
    }

    struct Prediction: Encodable {
        var model: String
        var serviceLevel: Double
        var abandonRate: Double
        var asaS: Double?
        var occupancy: Double?

        enum CodingKeys: String, CodingKey {
            case model, occupancy
            case serviceLevel = "service_level"
            case abandonRate = "abandon_rate"
            case asaS = "asa_s"
        }
    }

    struct Report: Encodable {
        var seed: UInt64
        var durationS: Double
        var warmUpS: Double
        var intervalS: Double
        var agents: Int
        var contacts: Int
        var events: Int
        var wallS: Double
        var queues: [Queue]
        var prediction: Prediction?

        enum CodingKeys: String, CodingKey {
            case seed, agents, contacts, events, queues, prediction
            case durationS = "duration_s"
            case warmUpS = "warm_up_s"
            case intervalS = "interval_s"
            case wallS = "wall_s"
        }
    }

    static func encode(_ report: SimulationReport, wallSeconds: Double) throws -> String {
        let queues = report.queues.map { queue in
            Queue(region: queue.region.rawValue, queue: queue.queue.rawValue, name: queue.name, agents: queue.agents,
                  thresholdS: queue.thresholdSeconds, figures: Figures(queue.total),
                  intervals: queue.intervals.enumerated().map { Interval(startS: Double($0.offset) * report.intervalSeconds, figures: Figures($0.element)) })
        }
        let prediction = report.prediction.map {
            Prediction(model: $0.model, serviceLevel: $0.serviceLevel, abandonRate: $0.abandonRate,
                       asaS: $0.averageSpeedOfAnswerSeconds, occupancy: $0.occupancy)
        }
        let body = Report(seed: report.seed, durationS: report.durationSeconds, warmUpS: report.warmUpSeconds,
                          intervalS: report.intervalSeconds, agents: report.agents, contacts: report.contacts,
                          events: report.events, wallS: wallSeconds, queues: queues, prediction: prediction)
        return try JSONText.encode(body)
    }
}
