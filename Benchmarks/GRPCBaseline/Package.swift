// swift-tools-version: 6.1
import PackageDescription

// A yardstick for `switchboard bench rpc`: grpc-swift-2 unary RPCs over the
// HTTP/2 NIO transport. It is its own package so that gRPC (and its
// swift-nio-http2 / swift-nio-ssl / swift-certificates tree) never enters the
// main Switchboard build; the main binary only runs the built executable.
let package = Package(
    name: "GRPCBaseline",
    // grpc-swift-2 marks its API available from macOS 15; on Linux this is inert.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "grpc-bench", targets: ["grpc-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        .executableTarget(
            name: "grpc-bench",
            dependencies: [
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
