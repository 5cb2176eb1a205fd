import Sharding

/// A new contact for a routing domain, with the name of the request that brings it: the
/// element of `RoutingDomainActor.arriveAll`, so that a retried batch is answered from
/// what each of its arrivals became the first time.
public struct ContactArrival: Hashable, Sendable, Codable {
    public var contact: Contact
    public var request: RequestID?

    public init(_ contact: Contact, request: RequestID?) {
        self.contact = contact
        self.request = request
    }
}
