import ArgumentParser
import ClusterSystem
import Sharding
import Transport

struct CtlShardsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shards",
        abstract: "Print every shard's primary, backup, epoch, last sequence and replication lag, asking each member."
    )

    @Option(help: "A node to ask first, host:port; the other members are found through its view.")
    var node: String

    @Option(help: "The cluster's name (the handshake checks it).")
    var cluster: String

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        _ = try NodeAddress(parsing: node)
    }

    func run() async throws {
        let first = try NodeAddress(parsing: node)
        let system = try await EphemeralClient.start(cluster: cluster)
        defer { Task { await system.shutdown() } }
        let view = try await ClusterSystem.withCallTimeout(.seconds(3)) {
            try await ShardManager.resolve(id: .wellKnown(ShardManager.path, on: first), using: system).currentView()
        }
        var rows: [ShardsReport.Row] = []
        var silent: [NodeAddress] = []
        let members = Set(view.members.map(\.identity.address)).union([first]).sorted()
        for member in members {
            do {
                let statuses = try await ClusterSystem.withCallTimeout(.seconds(3)) {
                    try await ShardManager.resolve(id: .wellKnown(ShardManager.path, on: member), using: system).status()
                }
                rows += statuses.map { ShardsReport.Row(node: member, status: $0) }
            } catch {
                silent.append(member)
            }
        }
        let report = ShardsReport(asked: first, isolated: view.isolated, rows: rows, silent: silent)
        StandardOutput.line(json ? try report.json() : report.table())
    }
}

/// What `ctl shards` prints: one line per shard, from the node that serves it as
/// primary (or, while none does, from the node taking it over).
struct ShardsReport: Encodable {
    struct Row: Encodable {
        var node: NodeAddress
        var status: ShardStatus
    }

    var asked: NodeAddress
    var isolated: Bool
    var rows: [Row]
    var silent: [NodeAddress]

    /// The primary's row for every shard anyone reported, else the best other row.
    var perShard: [Row] {
        let order: [ShardStatus.Role] = [.primary, .takingOver, .backup, .stale]
        return Dictionary(grouping: rows, by: \.status.shard).values.compactMap { rows in
            rows.min { order.firstIndex(of: $0.status.role)! < order.firstIndex(of: $1.status.role)! }
        }.sorted { $0.status.shard < $1.status.shard }
    }

    func table() -> String {
        var lines: [String] = []
        if isolated { lines.append("\(asked) is ISOLATED (no majority): it serves nothing") }
        if !silent.isEmpty { lines.append("did not answer: \(silent.map { "\($0)" }.joined(separator: ", "))") }
        lines.append("shard     state        region      primary                backup                 epoch  last seq  lag")
        for row in perShard {
            let status = row.status
            let state = Self.state(of: status)
            lines.append([
                "\(status.shard.rawValue)".padded(9), state.padded(12), (status.region ?? "-").padded(11),
                "\(status.primary.map { "\($0)" } ?? "-")".padded(22), "\(status.backup.map { "\($0)" } ?? "-")".padded(22),
                "\(status.replica.promised.rawValue)".padded(6), "\(status.replica.lastSequence)".padded(9),
                status.replicationLag.map { "\($0)" } ?? "-",
            ].joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }

    /// "serving" for a shard with a primary; otherwise the best role anyone reported.
    static func state(of status: ShardStatus) -> String {
        status.role == .primary ? "serving" : status.role.rawValue
    }

    func json() throws -> String {
        let shards = perShard.map { row in
            JSONShard(shard: row.status.shard.rawValue, state: Self.state(of: row.status), reportedBy: "\(row.node)",
                      primary: row.status.primary.map { "\($0)" }, backup: row.status.backup.map { "\($0)" },
                      epoch: row.status.replica.promised.rawValue, lastSequence: row.status.replica.lastSequence,
                      replicationLag: row.status.replicationLag, region: row.status.region)
        }
        return try JSONText.encode(JSONReport(asked: "\(asked)", isolated: isolated,
                                              silent: silent.map { "\($0)" }, shards: shards))
    }

    private struct JSONReport: Encodable {
        var asked: String
        var isolated: Bool
        var silent: [String]
        var shards: [JSONShard]
    }

    private struct JSONShard: Encodable {
        var shard: UInt32
        var state: String
        var reportedBy: String
        var primary: String?
        var backup: String?
        var epoch: UInt64
        var lastSequence: UInt64
        var replicationLag: UInt64?
        /// The region the shard prefers, if any.
        var region: String?

        enum CodingKeys: String, CodingKey {
            case shard, state, primary, backup, epoch, region
            case reportedBy = "reported_by"
            case lastSequence = "last_sequence"
            case replicationLag = "replication_lag"
        }
    }
}
