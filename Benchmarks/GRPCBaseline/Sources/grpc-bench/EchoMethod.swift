import GRPCCore

/// The single RPC this benchmark exercises: `bench.Echo/Echo`, unary, raw bytes.
///
/// Declared by hand instead of generated from a .proto so the package needs no
/// protoc and no swift-protobuf at build time; the wire format is still
/// ordinary gRPC (length-prefixed messages in HTTP/2 DATA frames).
enum EchoMethod {
    static let descriptor = MethodDescriptor(
        fullyQualifiedService: "bench.Echo",
        method: "Echo",
        type: .unary
    )
}
