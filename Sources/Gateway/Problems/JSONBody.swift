import Foundation
import Hummingbird

/// Reads a JSON request body at the edge: bounded in size, and a decoding failure
/// answered 400 with the JSON path of the field at fault.
enum JSONBody {
    /// 64 KiB: the largest body any route of /v1 needs (a queue with its rules).
    static let limit = 64 * 1024

    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw Problem.tooLarge(limit: limit)
        }
        guard buffer.readableBytes > 0 else { throw Problem.malformedJSON("the request needs a JSON body", field: nil) }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw problem(for: error)
        } catch let problem as Problem {
            throw problem
        } catch {
            throw Problem.malformedJSON("\(error)", field: nil)
        }
    }

    static func problem(for error: DecodingError) -> Problem {
        switch error {
        case .typeMismatch(_, let context) where context.codingPath.isEmpty:
            return .malformedJSON("the body must be a JSON object", field: nil)
        case .keyNotFound(let key, let context):
            let path = fieldPath(context.codingPath + [key])
            return .malformedJSON("missing field '\(path)'", field: path)
        case .typeMismatch(let type, let context):
            let path = fieldPath(context.codingPath)
            return .malformedJSON("field '\(path)' should be \(describe(type))", field: path)
        case .valueNotFound(let type, let context):
            let path = fieldPath(context.codingPath)
            return .malformedJSON("field '\(path)' should be \(describe(type)), not null", field: path)
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return .malformedJSON("the body is not valid JSON", field: nil)
            }
            let path = fieldPath(context.codingPath)
            return .malformedJSON("field '\(path)': \(context.debugDescription)", field: path)
        @unknown default:
            return .malformedJSON("\(error)", field: nil)
        }
    }

    /// `skills[1].proficiency` from a coding path.
    static func fieldPath(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is UInt32.Type, is UInt64.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "\(type)".contains("Array") ? "an array" : "an object"
        }
    }
}

/// A field whose value decoded but is out of range: 400 naming it.
struct FieldError: Error {
    var field: String
    var problem: String

    var asProblem: Problem { .invalid("field '\(field)' \(problem)", field: field) }
}
