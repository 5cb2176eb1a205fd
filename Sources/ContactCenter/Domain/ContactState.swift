/// Where a contact is in its life. The only paths are
///
///     queued → offered → connected → wrapUp → completed
///     offered → queued            (offer rejected, timed out or cancelled: back to the head)
///     queued | offered → abandoned (the customer left)
///     queued → overflowed          (left this routing domain: another region, or max wait)
///     connected → transferred      (handed on; a new, linked contact continues)
///
/// `completed`, `abandoned`, `overflowed` and `transferred` are terminal.
public enum ContactState: UInt8, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case queued, offered, connected, wrapUp, completed, abandoned, transferred, overflowed

    public var isTerminal: Bool {
        switch self {
        case .completed, .abandoned, .transferred, .overflowed: true
        case .queued, .offered, .connected, .wrapUp: false
        }
    }

    /// Whether the state machine allows `self → next`.
    public func allows(_ next: ContactState) -> Bool {
        switch (self, next) {
        case (.queued, .offered), (.queued, .abandoned), (.queued, .overflowed),
             (.offered, .connected), (.offered, .queued), (.offered, .abandoned),
             (.connected, .wrapUp), (.connected, .transferred),
             (.wrapUp, .completed):
            true
        default:
            false
        }
    }

    /// `next`, or a typed error naming the contact and both states.
    public func transition(to next: ContactState, contact: ContactID) throws(ContactTransitionError) -> ContactState {
        guard allows(next) else { throw ContactTransitionError(contact: contact, from: self, to: next) }
        return next
    }

    public var description: String {
        switch self {
        case .queued: "queued"
        case .offered: "offered"
        case .connected: "connected"
        case .wrapUp: "wrap-up"
        case .completed: "completed"
        case .abandoned: "abandoned"
        case .transferred: "transferred"
        case .overflowed: "overflowed"
        }
    }
}

/// A contact was asked to move along a path its state machine does not have.
public struct ContactTransitionError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    public var contact: ContactID
    public var from: ContactState
    public var to: ContactState

    public init(contact: ContactID, from: ContactState, to: ContactState) {
        self.contact = contact
        self.from = from
        self.to = to
    }

    public var description: String { "\(contact) cannot go from \(from) to \(to)" }
}

/// Why a contact left routing, beside its terminal state.
public enum ContactEndReason: UInt8, Hashable, Sendable, Codable, CustomStringConvertible {
    case handled
    case customerAbandoned
    case transferred
    case overflowedToRegion
    case maxWaitExceeded

    public var description: String {
        switch self {
        case .handled: "handled"
        case .customerAbandoned: "customer abandoned"
        case .transferred: "transferred"
        case .overflowedToRegion: "overflowed to another region"
        case .maxWaitExceeded: "maximum wait exceeded"
        }
    }
}
