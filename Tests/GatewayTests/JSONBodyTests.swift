import Foundation
import Testing
@testable import Gateway

/// Decoding failures become 400 problems that name the field at fault.
struct JSONBodyTests {
    private func problem<T: Decodable>(_ type: T.Type, _ json: String) -> Problem? {
        do {
            _ = try JSONDecoder().decode(T.self, from: Data(json.utf8))
            return nil
        } catch let error as DecodingError {
            return JSONBody.problem(for: error)
        } catch {
            return nil
        }
    }

    @Test func theFieldAtFaultIsNamed() {
        #expect(problem(ContactRequest.self, #"{"channel":"voice","queueId":1}"#)?.field == "customerId")
        #expect(problem(ContactRequest.self, #"{"channel":"voice","customerId":"7","queueId":1}"#)?.field == "customerId")
        #expect(problem(ContactRequest.self, #"{"channel":"fax","customerId":7,"queueId":1}"#)?.field == "channel")
        #expect(problem(AgentRequest.self, #"{"name":"a","region":"r","capacity":{},"skills":[{"skillId":1}]}"#)?.field
            == "skills[0].proficiency")
        #expect(problem(ContactRequest.self, #"{"channel":"voice","customerId":7,"queueId":1,"attributes":{"a":1}}"#)?.field
            == "attributes.a")
        #expect(problem(ContactRequest.self, "[1,2")?.code == "malformed-json")
        #expect(problem(ContactRequest.self, #"{"channel":"voice","customerId":7,"queueId":1}"#) == nil)
    }

    @Test func anUnknownEnumValueListsTheAllowedOnes() {
        let detail = problem(StatusRequest.self, #"{"status":"asleep"}"#)?.detail ?? ""
        #expect(detail.contains("available, break, offline"), "\(detail)")
    }

    @Test func rangesAreCheckedAfterDecoding() throws {
        let request = try JSONDecoder().decode(ContactRequest.self, from: Data(#"{"channel":"voice","customerId":0,"queueId":1}"#.utf8))
        #expect(throws: Problem.self) { try request.contact(id: .init(1)) }
        let long = try JSONDecoder().decode(ContactRequest.self, from: Data(
            #"{"channel":"voice","customerId":3,"queueId":1,"intent":"\#(String(repeating: "x", count: 101))"}"#.utf8))
        #expect(throws: Problem.self) { try long.contact(id: .init(1)) }
    }
}
