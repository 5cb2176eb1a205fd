import Distributed

/// Hands a received call's generic substitutions and arguments to the Swift runtime.
///
/// Generic substitutions name types by their mangled names; only types registered
/// with `ClusterSystem.allowGenericSubstitution` are accepted, so bytes from the
/// wire cannot make the runtime look up arbitrary types.
public struct ClusterInvocationDecoder: DistributedTargetInvocationDecoder {
    public typealias SerializationRequirement = Codable

    let call: CallEnvelope
    let allowedTypes: [String: Any.Type]
    private var nextArgument = 0

    init(call: CallEnvelope, allowedTypes: [String: Any.Type]) {
        self.call = call
        self.allowedTypes = allowedTypes
    }

    public mutating func decodeGenericSubstitutions() throws -> [Any.Type] {
        try call.genericSubstitutions.map { name in
            guard let type = allowedTypes[name] else {
                throw RemoteCallError.badMessage("generic substitution \(name) is not allowed on this node")
            }
            return type
        }
    }

    public mutating func decodeNextArgument<Argument: Codable>() throws -> Argument {
        guard nextArgument < call.arguments.count else {
            throw RemoteCallError.badMessage("\(call.target) expects more than \(call.arguments.count) arguments")
        }
        defer { nextArgument += 1 }
        return try BinaryDecoder().decode(Argument.self, from: call.arguments[nextArgument])
    }

    public mutating func decodeErrorType() throws -> Any.Type? { nil }

    public mutating func decodeReturnType() throws -> Any.Type? { nil }
}
