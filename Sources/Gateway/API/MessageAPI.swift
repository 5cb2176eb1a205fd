import ContactCenter

struct MessageRequest: Decodable {
    var text: String

    func message(author: ConversationMessage.Author, agent: AgentID?, at time: Timestamp) throws(Problem) -> ConversationMessage {
        guard !text.isEmpty, text.count <= 4_000, text.utf8.count <= 16 * 1024 else {
            throw FieldError(field: "text", problem: "must be 1 to 4000 characters").asProblem
        }
        return ConversationMessage(author: author, agent: agent, text: text, at: time)
    }
}

struct MessageView: Encodable {
    enum Author: String, Encodable {
        case customer, agent, note
    }

    var author: Author
    var agentId: UInt32?
    var text: String
    var at: Double

    init(_ message: ConversationMessage) {
        switch message.author {
        case .customer: author = .customer
        case .agent: author = .agent
        case .note: author = .note
        }
        agentId = message.agent?.rawValue
        text = message.text
        at = message.at.seconds
    }
}
