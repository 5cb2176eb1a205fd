// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Switchboard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "switchboard", targets: ["switchboard"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0", traits: ["YAML"]),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
    ],
    targets: [
        // System libraries (Debian: libzstd-dev, librocksdb-dev).
        .systemLibrary(
            name: "CZstd",
            path: "Sources/CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        .systemLibrary(
            name: "CRocksDB",
            path: "Sources/CRocksDB",
            pkgConfig: "rocksdb",
            providers: [.apt(["librocksdb-dev"])]
        ),

        // Seeded randomness shared by every layer, its tests and the benchmarks.
        .target(name: "SeededRandom"),

        // Layers, bottom up (docs/architecture.md).
        .target(
            name: "Storage",
            dependencies: ["CRocksDB"]
        ),
        .target(
            name: "Transport",
            dependencies: [
                "CZstd",
                "SeededRandom",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ClusterSystem",
            dependencies: [
                "Transport",
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Membership",
            dependencies: [
                "ClusterSystem",
                "SeededRandom",
                "Transport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Shard placement (pure), replication and hand-off (docs/sharding.md).
        .target(
            name: "Sharding",
            dependencies: [
                "ClusterSystem",
                "SeededRandom",
                "Storage",
                "Transport",
                .product(name: "Logging", package: "swift-log"),
            ],
            // Only for showing that the chaos suite catches lost writes (docs/chaos.md):
            // SWITCHBOARD_BROKEN_BACKUP=1 builds backups that acknowledge without keeping entries.
            swiftSettings: Context.environment["SWITCHBOARD_BROKEN_BACKUP"] == "1"
                ? [.define("SWITCHBOARD_BROKEN_BACKUP")] : []
        ),
        // Tenants' HTTP and WebSocket API, auth, admission control and /metrics (docs/gateway.md).
        .target(
            name: "Gateway",
            dependencies: [
                "ClusterSystem",
                "ContactCenter",
                "Sharding",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // A node as a long-running process: configuration, storage, cluster system, membership.
        .target(
            name: "NodeRuntime",
            dependencies: [
                "ClusterSystem",
                "ContactCenter",
                "Gateway",
                "Membership",
                "Sharding",
                "Storage",
                "Transport",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // A test actor that multi-process tests call on `switchboard peer` processes.
        .target(
            name: "ClusterTestKit",
            dependencies: [
                "ClusterSystem",
                "Sharding",
                "Storage",
                "Transport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The contact-center core: domain, RoutingEngine, live statistics, simulator (docs/routing.md),
        // and the sharded entities that host routing domains and sessions.
        .target(
            name: "ContactCenter",
            dependencies: [
                "ClusterSystem",
                "SeededRandom",
                "Sharding",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // The chaos suite (docs/chaos.md): scenarios, their seeded load and faults against a
        // local cluster, and verdicts computed from the load's and agents' own records.
        .target(
            name: "Chaos",
            dependencies: [
                "NodeRuntime",
                "SeededRandom",
                "Sharding",
                "Transport",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "switchboard",
            dependencies: [
                "Chaos",
                "ClusterSystem",
                "ClusterTestKit",
                "ContactCenter",
                "Gateway",
                "Membership",
                "NodeRuntime",
                "SeededRandom",
                "Sharding",
                "Storage",
                "Transport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),

        .testTarget(
            name: "ContactCenterTests",
            dependencies: ["ClusterSystem", "ClusterTestKit", "ContactCenter", "SeededRandom", "Sharding"]
        ),
        .testTarget(
            name: "MembershipTests",
            dependencies: ["Membership", "SeededRandom", "Transport"]
        ),
        .testTarget(
            name: "NodeRuntimeTests",
            dependencies: [
                "ClusterSystem", "Gateway", "Membership", "NodeRuntime", "Sharding", "Transport",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ChaosTests",
            dependencies: ["Chaos"]
        ),
        .testTarget(
            name: "GatewayTests",
            dependencies: ["ContactCenter", "Gateway", "SeededRandom"]
        ),
        .testTarget(
            name: "ShardingTests",
            dependencies: ["ClusterSystem", "ClusterTestKit", "SeededRandom", "Sharding", "Storage", "Transport"]
        ),
        .testTarget(
            name: "StorageTests",
            dependencies: ["SeededRandom", "Storage"]
        ),
        .testTarget(
            name: "TransportTests",
            dependencies: [
                "SeededRandom",
                "Transport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ClusterSystemTests",
            dependencies: ["ClusterSystem", "ClusterTestKit", "SeededRandom", "Transport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
