import ArgumentParser

/// `switchboard bench <name>`: micro- and system benchmarks. Run them on a release build.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run a benchmark (use a release build).",
        subcommands: [
            BenchRoutingCommand.self,
            BenchRPCCommand.self,
            BenchDetectionCommand.self,
            BenchSoakCommand.self,
            BenchStoreCommand.self,
            BenchReplicationCommand.self,
            BenchGatewayCommand.self,
            BenchCodecCommand.self,
        ]
    )
}
