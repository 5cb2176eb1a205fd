import Distributed

/// Sends the outcome of a locally executed remote call back to its caller.
public struct ClusterResultHandler: DistributedTargetInvocationResultHandler {
    public typealias SerializationRequirement = Codable

    let reply: @Sendable (ReplyEnvelope.Outcome) -> Void

    public func onReturn<Success: Codable>(value: Success) async throws {
        do {
            reply(.value(try BinaryEncoder().encode(value)))
        } catch {
            reply(.badCall("cannot encode the result \(Success.self): \(error)"))
        }
    }

    public func onReturnVoid() async throws {
        reply(.void)
    }

    public func onThrow<Err: Error>(error: Err) async throws {
        // `Err` is often `any Error`: name the dynamic type, which is what the caller can act on.
        reply(.thrown(typeName: String(reflecting: type(of: error as any Error)), message: String(describing: error)))
    }
}
