import ArgumentParser

/// Entry point: a gRPC yardstick for `switchboard bench rpc`.
///
/// The three subcommands share one binary so that `run` can spawn the server
/// from its own executable and nothing else needs to be on the PATH.
@main
struct GRPCBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grpc-bench",
        abstract: "Unary grpc-swift-2 echo RPCs over HTTP/2 (plaintext, loopback): latency and throughput.",
        subcommands: [RunCommand.self, ServerCommand.self, ClientCommand.self],
        defaultSubcommand: RunCommand.self
    )
}
