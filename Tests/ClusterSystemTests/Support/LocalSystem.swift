import ClusterSystem
import Logging
import Transport

/// A cluster system inside the test process, on a fresh loopback address.
func makeLocalSystem(cluster: String = "test", defaultCallTimeout: Duration = .seconds(5),
                     configure: (inout TransportSettings) -> Void = { _ in }) async throws -> ClusterSystem {
    var transport = try TransportSettings(clusterName: cluster,
                                          identity: NodeIdentity(address: Loopback.address(), generation: 1))
    configure(&transport)
    try transport.validate()
    var settings = ClusterSystemSettings(transport: transport)
    settings.defaultCallTimeout = defaultCallTimeout
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    return try await ClusterSystem.start(settings: settings, logger: logger)
}

/// A cluster system whose callee side allows only `maximumCallsInProgress` calls at once.
func makeLocalSystemWith(maximumCallsInProgress: Int) async throws -> ClusterSystem {
    let transport = try TransportSettings(clusterName: "test", identity: NodeIdentity(address: Loopback.address(), generation: 1))
    var settings = ClusterSystemSettings(transport: transport)
    settings.maximumCallsInProgress = maximumCallsInProgress
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    return try await ClusterSystem.start(settings: settings, logger: logger)
}
