import ArgumentParser
import ClusterSystem
import Logging
import Membership
import Transport

/// `switchboard ctl`: operator views of a running cluster, asked of one node.
struct CtlCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ctl",
        abstract: "Inspect a running cluster.",
        subcommands: [CtlMembersCommand.self, CtlShardsCommand.self]
    )
}

struct CtlMembersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "members",
        abstract: "Print a node's view of the cluster: state, incarnation, region, last heard."
    )

    @Option(help: "The node to ask, host:port.")
    var node: String

    @Option(help: "The cluster's name (the handshake checks it).")
    var cluster: String

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        _ = try NodeAddress(parsing: node)
    }

    func run() async throws {
        let target = try NodeAddress(parsing: node)
        let system = try await EphemeralClient.start(cluster: cluster)
        defer { Task { await system.shutdown() } }
        let membership = try MembershipService.resolve(id: .wellKnown(MembershipService.path, on: target), using: system)
        let status = try await ClusterSystem.withCallTimeout(.seconds(3)) { try await membership.status() }
        StandardOutput.line(json ? MembersReport.json(status) : MembersReport.table(status))
    }
}

/// A short-lived cluster system for operator commands, on 127.0.0.1 at a free port.
enum EphemeralClient {
    static func start(cluster: String) async throws -> ClusterSystem {
        var logger = Logger(label: "switchboard.ctl")
        logger.logLevel = .error
        var lastError: (any Error)?
        for _ in 0..<20 {
            let address = NodeAddress(host: "127.0.0.1", port: Int.random(in: 40_000...59_999))
            let identity = NodeIdentity(address: address, generation: WallClock.millisecondsSince1970())
            do {
                return try await ClusterSystem.start(
                    settings: ClusterSystemSettings(transport: try TransportSettings(clusterName: cluster, identity: identity)),
                    logger: logger)
            } catch {
                lastError = error
            }
        }
        throw lastError ?? ValidationError("no free port on 127.0.0.1")
    }
}

enum MembersReport {
    static func table(_ status: MembershipStatus) -> String {
        var lines = ["\(status.myself.name) sees \(status.members.count) members"
            + (status.isolated ? " — ISOLATED (no majority): not serving" : "")
            + ", last agreed set \(status.agreedMembers), local health \(status.localHealth)"]
        lines.append("name        address                state     generation        incarnation  region      last heard")
        for row in status.members.sorted(by: { $0.member.name < $1.member.name }) {
            let heard = row.isSelf ? "self" : row.lastHeardMillisecondsAgo.map { "\($0) ms ago" } ?? "never"
            lines.append([
                row.member.name.padded(11), "\(row.member.address)".padded(22), "\(row.member.state)".padded(9),
                "\(row.member.identity.generation)".padded(17), "\(row.member.incarnation)".padded(12),
                row.member.region.padded(11), heard,
            ].joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ status: MembershipStatus) -> String {
        let rows = status.members.map { row in
            "{\"name\": \"\(row.member.name)\", \"address\": \"\(row.member.address)\", \"state\": \"\(row.member.state)\", "
                + "\"generation\": \(row.member.identity.generation), \"incarnation\": \(row.member.incarnation), "
                + "\"region\": \"\(row.member.region)\", \"last_heard_ms\": \(row.lastHeardMillisecondsAgo.map(String.init) ?? "null")}"
        }
        return "{\"node\": \"\(status.myself.name)\", \"isolated\": \(status.isolated), \"members\": [\(rows.joined(separator: ", "))]}"
    }
}

extension String {
    func padded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
