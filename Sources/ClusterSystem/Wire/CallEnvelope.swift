/// The two messages of a remote call, in a hand-laid binary form (the hot path
/// does not go through `Codable` for its own framing):
///
/// call:  `[1][callID][target generation][timeout µs][path][target][n subs][subs…][n args][args…]`
/// reply: `[2][callID][outcome…]`
/// Integers are LEB128 varints; strings and argument bytes are length-prefixed.
enum Envelope: Equatable {
    case call(CallEnvelope)
    case reply(ReplyEnvelope)

    static let callTag: UInt8 = 1
    static let replyTag: UInt8 = 2

    func encoded() -> [UInt8] {
        var writer = ByteWriter()
        switch self {
        case .call(let call): call.write(into: &writer)
        case .reply(let reply): reply.write(into: &writer)
        }
        return writer.bytes
    }

    init(decoding bytes: [UInt8]) throws(WireError) {
        var reader = ByteReader(bytes)
        switch try reader.readByte() {
        case Self.callTag: self = .call(try CallEnvelope(reading: &reader))
        case Self.replyTag: self = .reply(try ReplyEnvelope(reading: &reader))
        case let tag: throw .malformed("unknown envelope tag \(tag)")
        }
        guard reader.isAtEnd else { throw .malformed("\(reader.remaining) trailing bytes after envelope") }
    }
}

struct CallEnvelope: Equatable {
    var callID: UInt64
    /// 0 accepts any incarnation (well-known actors).
    var targetGeneration: UInt64
    /// Time the caller will still wait, so the callee can refuse work nobody waits for.
    var timeoutMicroseconds: UInt64
    var path: String
    var target: String
    var genericSubstitutions: [String]
    var arguments: [[UInt8]]

    /// Caps on counts read from the wire, far above what a Swift function signature has.
    static let maximumGenericSubstitutions = 64
    static let maximumArguments = 256

    func write(into writer: inout ByteWriter) {
        writer.bytes.append(Envelope.callTag)
        writer.writeVarint(callID)
        writer.writeVarint(targetGeneration)
        writer.writeVarint(timeoutMicroseconds)
        writer.writeString(path)
        writer.writeString(target)
        writer.writeVarint(UInt64(genericSubstitutions.count))
        genericSubstitutions.forEach { writer.writeString($0) }
        writer.writeVarint(UInt64(arguments.count))
        arguments.forEach { writer.writeLengthPrefixed($0) }
    }

    init(callID: UInt64, targetGeneration: UInt64, timeoutMicroseconds: UInt64, path: String, target: String,
         genericSubstitutions: [String], arguments: [[UInt8]]) {
        self.callID = callID
        self.targetGeneration = targetGeneration
        self.timeoutMicroseconds = timeoutMicroseconds
        self.path = path
        self.target = target
        self.genericSubstitutions = genericSubstitutions
        self.arguments = arguments
    }

    init(reading reader: inout ByteReader) throws(WireError) {
        callID = try reader.readVarint()
        targetGeneration = try reader.readVarint()
        timeoutMicroseconds = try reader.readVarint()
        path = try reader.readString()
        target = try reader.readString()
        let substitutionCount = try reader.readLength()
        guard substitutionCount <= Self.maximumGenericSubstitutions else {
            throw .malformed("\(substitutionCount) generic substitutions")
        }
        genericSubstitutions = []
        for _ in 0..<substitutionCount { genericSubstitutions.append(try reader.readString()) }
        let argumentCount = try reader.readLength()
        guard argumentCount <= Self.maximumArguments else { throw .malformed("\(argumentCount) arguments") }
        arguments = []
        arguments.reserveCapacity(argumentCount)
        for _ in 0..<argumentCount { arguments.append(try reader.readBytes()) }
    }
}

struct ReplyEnvelope: Equatable {
    enum Outcome: Equatable {
        case value([UInt8])
        case void
        case thrown(typeName: String, message: String)
        case actorNotFound
        case deadlineExceeded
        case badCall(String)
        /// The callee already runs as many calls as it allows; nothing was executed.
        case overloaded
    }

    var callID: UInt64
    var outcome: Outcome

    func write(into writer: inout ByteWriter) {
        writer.bytes.append(Envelope.replyTag)
        writer.writeVarint(callID)
        switch outcome {
        case .value(let bytes):
            writer.bytes.append(0)
            writer.writeLengthPrefixed(bytes)
        case .void:
            writer.bytes.append(1)
        case .thrown(let typeName, let message):
            writer.bytes.append(2)
            writer.writeString(typeName)
            writer.writeString(message)
        case .actorNotFound:
            writer.bytes.append(3)
        case .deadlineExceeded:
            writer.bytes.append(4)
        case .badCall(let why):
            writer.bytes.append(5)
            writer.writeString(why)
        case .overloaded:
            writer.bytes.append(6)
        }
    }

    init(callID: UInt64, outcome: Outcome) {
        self.callID = callID
        self.outcome = outcome
    }

    init(reading reader: inout ByteReader) throws(WireError) {
        callID = try reader.readVarint()
        switch try reader.readByte() {
        case 0: outcome = .value(try reader.readBytes())
        case 1: outcome = .void
        case 2: outcome = .thrown(typeName: try reader.readString(), message: try reader.readString())
        case 3: outcome = .actorNotFound
        case 4: outcome = .deadlineExceeded
        case 5: outcome = .badCall(try reader.readString())
        case 6: outcome = .overloaded
        case let tag: throw .malformed("unknown reply outcome \(tag)")
        }
    }
}
