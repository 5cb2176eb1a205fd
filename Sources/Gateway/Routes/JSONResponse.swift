import Foundation
import Hummingbird

enum JSONResponse {
    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, location: String? = nil) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let location { headers[.location] = location }
        let data = try JSONEncoder.sorted.encode(value)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static var noContent: Response { Response(status: .noContent) }
}

/// Path parameters, checked: a malformed one is a 400 problem, never a framework default.
enum PathParameter {
    static func id(_ context: GatewayContext, _ name: String) throws(Problem) -> UInt32 {
        try id(context.parameters, name)
    }

    static func id(_ parameters: Parameters, _ name: String) throws(Problem) -> UInt32 {
        guard let text = parameters.get(name), let value = Int(text) else {
            throw FieldError(field: name, problem: "must be an integer from 1 to \(UInt32.max)").asProblem
        }
        return try Check.id(value, field: name)
    }

    static func bigID(_ context: GatewayContext, _ name: String) throws(Problem) -> UInt64 {
        try BigID.parse(context.parameters.get(name) ?? "", field: name)
    }

    /// A customer ID: 1 to 2^53, as contact bodies accept.
    static func customerID(_ context: GatewayContext, _ name: String) throws(Problem) -> UInt64 {
        guard let value = UInt64(context.parameters.get(name) ?? ""), (1...(1 << 53)).contains(value) else {
            throw FieldError(field: name, problem: "must be an integer from 1 to 2^53").asProblem
        }
        return value
    }

    static func text(_ context: GatewayContext, _ name: String) -> String {
        context.parameters.get(name) ?? ""
    }
}
