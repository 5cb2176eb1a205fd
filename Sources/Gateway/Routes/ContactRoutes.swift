import ContactCenter
import Foundation
import Hummingbird

/// Contacts from the tenant's systems: created on any channel, looked up, abandoned,
/// transferred; and customers' sessions.
struct ContactRoutes {
    let gateway: Gateway

    func register(on router: RouterGroup<GatewayContext>) {
        router.post("contacts", use: create)
        router.get("contacts/:contactId", use: show)
        router.post("contacts/:contactId/abandon", use: abandon)
        router.post("contacts/:contactId/transfer", use: transfer)
        router.get("sessions/:customerId", use: session)
    }

    /// 201 only once the contact is in its routing domain's replicated log; the domain
    /// sends it on to its customer's session. With an `Idempotency-Key`, the contact's
    /// ID comes from the key, so the same request sent again (to any node) answers with
    /// the contact the first one created, as it is now.
    @Sendable func create(_ request: Request, context: GatewayContext) async throws -> Response {
        let tenant = try context.tenant([.admin, .supervisor])
        let key = try request.headers[IdempotencyKey.name].map(IdempotencyKey.init(header:))
        let body = try await JSONBody.decode(ContactRequest.self, from: request)
        let queue = QueueID(try Check.id(body.queueId, field: "queueId"))
        guard let region = try await gateway.profile(of: tenant)?.region(of: queue) else {
            throw FieldError(field: "queueId", problem: "names no queue of this tenant").asProblem
        }
        let id = key.map { ContactNumbering.keyed($0, tenant: tenant, in: region) } ?? ContactNumbering.next(in: region)
        let contact = try body.contact(id: id)
        let outcome = try await gateway.arrive(contact, tenant: tenant, region: region)
        guard outcome != .known else { return try await replay(contact, tenant: tenant) }
        let state: WireContactState = outcome == .offered ? .offered : .queued
        let view = ContactView(contactId: "\(contact.id.rawValue)", state: state, region: gateway.settings.name(of: region) ?? "",
                               queueId: queue.rawValue, customerId: contact.customer.rawValue)
        return try JSONResponse.make(view, status: .created, location: "/v1/contacts/\(contact.id.rawValue)")
    }

    /// The answer to an idempotency key sent again: the contact it created, as it is now.
    /// A contact still being routed shows whether the key was reused for another request
    /// (another customer or channel); a finished one no longer can.
    private func replay(_ contact: Contact, tenant: TenantID) async throws -> Response {
        let found = try await locate(contact.id, tenant: tenant)
        if let customer = found.view.customerId, let channel = found.channel {
            guard customer == contact.customer.rawValue, channel == contact.channel else {
                throw Problem.idempotencyKeyReused("the key already created contact \(contact.id.rawValue), for another customer or channel")
            }
        }
        var response = try JSONResponse.make(found.view, status: .created, location: "/v1/contacts/\(contact.id.rawValue)")
        response.headers[IdempotencyKey.replayedName] = "true"
        return response
    }

    @Sendable func show(_ request: Request, context: GatewayContext) async throws -> Response {
        let tenant = try context.tenant([.admin, .supervisor])
        let id = ContactID(try PathParameter.bigID(context, "contactId"))
        return try JSONResponse.make(try await locate(id, tenant: tenant).view)
    }

    @Sendable func abandon(_ request: Request, context: GatewayContext) async throws -> Response {
        let tenant = try context.tenant([.admin, .supervisor])
        let id = ContactID(try PathParameter.bigID(context, "contactId"))
        let found = try await locate(id, tenant: tenant)
        _ = try await gateway.submit(.contactAbandoned(id), tenant: tenant, region: found.region)
        return try JSONResponse.make(try await locate(id, tenant: tenant).view)
    }

    /// Hands a connected contact on to another queue of the same region; a new contact,
    /// linked to this one, continues there.
    @Sendable func transfer(_ request: Request, context: GatewayContext) async throws -> Response {
        let tenant = try context.tenant([.admin, .supervisor])
        let id = ContactID(try PathParameter.bigID(context, "contactId"))
        let body = try await JSONBody.decode(TransferRequest.self, from: request)
        let queue = QueueID(try Check.id(body.queueId, field: "queueId"))
        let found = try await locate(id, tenant: tenant)
        guard let profile = try await gateway.profile(of: tenant), let region = profile.region(of: queue) else {
            throw FieldError(field: "queueId", problem: "names no queue of this tenant").asProblem
        }
        guard region == found.region else {
            throw Problem.refused("transfers stay in the contact's region; use an overflow rule to reach another")
        }
        guard let customer = found.view.customerId else { throw Problem.refused("\(id) is not connected") }
        let continuation = Contact(id: ContactNumbering.next(in: region), channel: found.channel ?? .voice,
                                   customer: CustomerID(customer), queue: queue, previousContact: id)
        _ = try await gateway.submit(.contactTransferred(id, continuation: continuation), tenant: tenant, region: region)
        return try JSONResponse.make(try await locate(continuation.id, tenant: tenant).view, status: .created,
                                     location: "/v1/contacts/\(continuation.id.rawValue)")
    }

    @Sendable func session(_ request: Request, context: GatewayContext) async throws -> Response {
        let tenant = try context.tenant([.admin, .supervisor])
        let customer = CustomerID(try PathParameter.customerID(context, "customerId"))
        let session = try await gateway.call(gateway.session(tenant, customer)) { try await $0.current() }
        guard !session.entries.isEmpty else { throw Problem.notFound("a session of customer \(customer.rawValue)") }
        return try JSONResponse.make(SessionView(session))
    }

    struct Located {
        var view: ContactView
        var region: RegionID
        var channel: Channel?
    }

    /// Finds a contact from the region in its ID, following cross-region overflow.
    func locate(_ id: ContactID, tenant: TenantID) async throws(Problem) -> Located {
        guard var region = ContactNumbering.region(of: id), gateway.settings.name(of: region) != nil else {
            throw Problem.notFound("\(id)")
        }
        for _ in 0..<gateway.settings.regions.count {
            let here = region
            let found = try await gateway.call(gateway.domain(tenant, here)) { try await $0.lookup(id) }
            let name = gateway.settings.name(of: here) ?? ""
            switch found {
            case .routing(let state, let queue, let customer, let channel)?:
                return Located(view: ContactView(contactId: "\(id.rawValue)", state: WireContactState(state), region: name,
                                                 queueId: queue.rawValue, customerId: customer.rawValue),
                               region: here, channel: channel)
            case .finished(let outcome)?:
                if let next = outcome.overflowedTo {
                    region = next
                    continue
                }
                return Located(view: ContactView(contactId: "\(id.rawValue)", state: WireContactState(outcome.state),
                                                 region: name, reason: outcome.reason.description),
                               region: here, channel: nil)
            case nil:
                throw Problem.notFound("\(id)")
            }
        }
        throw Problem.notFound("\(id)")
    }
}
