import Wire

/// The records of a lab `dns` node, answered as an authoritative server answers: the records of
/// the name and type asked, NOERROR with none when the name has other types, NXDOMAIN when it has
/// none. Every query is logged for the node's `show queries`.
public struct LabDNSZone: Sendable {
    public struct Record: Sendable, Equatable {
        public var name: DNSName
        public var type: DNSType
        public var data: DNSRecord.Data

        public init(name: DNSName, type: DNSType, data: DNSRecord.Data) {
            self.name = name
            self.type = type
            self.data = data
        }
    }

    public var records: [Record]
    public var ttl: UInt32
    /// Questions received, with their sender, in order.
    public private(set) var log: [(question: DNSQuestion, from: IPv4Address)] = []

    /// Questions `log` keeps; the count goes on past it.
    static let logLimit = 1000
    public private(set) var queries = 0

    public init(records: [Record], ttl: UInt32) {
        self.records = records
        self.ttl = ttl
    }

    /// Points `name` at `address` alone, as a dynamic DNS update does: its other A records go.
    mutating func publish(_ name: DNSName, address: IPv4Address) {
        records.removeAll { $0.name == name && $0.type == .a }
        records.append(Record(name: name, type: .a, data: .a(address)))
    }

    /// The answer to a query, or nil for what gets none (a response, no question).
    mutating func answer(_ query: DNSMessage, from source: IPv4Address) -> DNSMessage? {
        guard !query.isResponse, query.questions.count == 1, let question = query.questions.first else { return nil }
        queries += 1
        if log.count < LabDNSZone.logLimit { log.append((question, source)) }
        let named = records.filter { $0.name == question.name }
        let matching = named.filter { $0.type == question.type }
        let answers = matching.map { DNSRecord(name: question.name, type: $0.type, ttl: ttl, data: $0.data) }
        var response = DNSMessage.response(to: query, code: named.isEmpty ? .nameError : .noError, answers: answers, authoritative: true)
        // An authoritative server offers no recursion.
        response.flags &= ~DNSMessage.recursionAvailableFlag
        return response
    }

    /// `show queries`: the count, then each question with its sender.
    func show() -> String {
        "queries: \(queries)\n" + log.map { "  \($0.question.name) \($0.question.type) from \($0.from)\n" }.joined()
    }
}
