import ArgumentParser

@main
struct Switchboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "A distributed contact-center platform.",
        subcommands: [
            DemoCommand.self,
            NodeCommand.self,
            CtlCommand.self,
            PairCommand.self,
            PeerCommand.self,
            BenchCommand.self,
            SimulateCommand.self,
            ChaosCommand.self,
            StorageCrashWriterCommand.self,
        ]
    )
}
