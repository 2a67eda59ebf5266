import HeapModule
import NIOCore
import Wire

/// Queries forwarded upstream and not yet answered, by the ID and source port each attempt went
/// out with. Bounded: at `limit` queries a new one is refused.
public struct DNSPendingTable: Sendable {
    public struct Query: Sendable {
        public var client: DNSProxy.Client
        public var clientID: UInt16
        public var question: DNSQuestion
        /// The largest UDP answer the client takes.
        public var clientLimit: Int
        /// The client's query as it came, sent upstream under the proxy's ID.
        public var payload: ByteBuffer
        /// The servers its attempts go to in turn (never empty).
        public var servers: [IPv4Address]
        /// Attempts that timed out so far.
        public var attempts = 0
        public var started: Duration = .zero
        var serial = 0
    }

    struct ClientKey: Hashable, Sendable {
        var client: DNSProxy.Client
        var id: UInt16
        var question: DNSQuestion
    }

    /// Whether the same client already waits for the same query.
    func contains(_ client: DNSProxy.Client, id: UInt16, question: DNSQuestion) -> Bool {
        byClient[ClientKey(client: client, id: id, question: question)] != nil
    }

    /// An attempt: the ID and port it left with and the server it went to.
    struct Key: Hashable, Sendable {
        var id: UInt16
        var port: UInt16
    }

    /// Attempts of one query share its serial; an answer to any of them ends the query.
    private var attempts: [Key: (serial: Int, server: IPv4Address)] = [:]
    private var queries: [Int: Query] = [:]
    /// Pending queries by who asked: a client's repeat is not sent twice.
    private var byClient: [ClientKey: Int] = [:]
    private var keysOfQuery: [Int: [Key]] = [:]
    private var ports: [UInt16: Int] = [:]
    private var deadlines = Heap<Deadline>()
    private var nextSerial = 0
    public let limit: Int

    /// A pending query's timer; stale once its query is gone or moved on to another attempt.
    private struct Deadline: Comparable, Sendable {
        var time: Duration
        var serial: Int
        var attempt: Int
        static func < (l: Deadline, r: Deadline) -> Bool { (l.time, l.serial) < (r.time, r.serial) }
    }

    /// dnsmasq's default for `dns-forward-max`.
    public static let defaultLimit = 150
    /// Draws of an ID and port before giving up on finding one not in use.
    static let draws = 16

    public init(limit: Int = DNSPendingTable.defaultLimit) { self.limit = limit }

    public var count: Int { queries.count }

    public var nextDeadline: Duration? {
        deadlines.min?.time
    }

    func uses(port: UInt16) -> Bool { ports[port] != nil }

    /// All pending queries, oldest first (`show status dns`).
    public var all: [Query] { queries.values.sorted { $0.serial < $1.serial } }

    /// Adds a query for its first attempt; nil when the table is full.
    mutating func add(_ query: Query, server: IPv4Address, now: Duration, deadline: Duration, ports range: ClosedRange<UInt16>,
                      random: inout some RandomNumberGenerator) -> (id: UInt16, port: UInt16)? {
        guard queries.count < limit else { return nil }
        nextSerial += 1
        var query = query
        query.serial = nextSerial
        query.started = now
        queries[query.serial] = query
        byClient[ClientKey(client: query.client, id: query.clientID, question: query.question)] = query.serial
        guard let key = attempt(query, server: server, deadline: deadline, ports: range, random: &random) else {
            remove(query.serial)
            return nil
        }
        return (key.id, key.port)
    }

    /// Sends a query that timed out again, under a new ID and port; its earlier attempts stay
    /// answerable.
    mutating func retry(_ query: Query, server: IPv4Address, deadline: Duration, ports range: ClosedRange<UInt16>,
                        random: inout some RandomNumberGenerator) -> (id: UInt16, port: UInt16)? {
        queries[query.serial] = query
        guard let key = attempt(query, server: server, deadline: deadline, ports: range, random: &random) else {
            remove(query.serial)
            return nil
        }
        return (key.id, key.port)
    }

    private mutating func attempt(_ query: Query, server: IPv4Address, deadline: Duration, ports range: ClosedRange<UInt16>,
                                  random: inout some RandomNumberGenerator) -> Key? {
        for _ in 0..<DNSPendingTable.draws {
            let key = Key(id: UInt16.random(in: 0...UInt16.max, using: &random), port: UInt16.random(in: range, using: &random))
            guard attempts[key] == nil else { continue }
            attempts[key] = (query.serial, server)
            keysOfQuery[query.serial, default: []].append(key)
            ports[key.port, default: 0] += 1
            deadlines.insert(Deadline(time: deadline, serial: query.serial, attempt: query.attempts))
            return key
        }
        return nil
    }

    /// The query an answer belongs to, removed: its ID and port, from the server that attempt went
    /// to, for the same question. Nil for anything else.
    mutating func take(id: UInt16, port: UInt16, server: IPv4Address, question: DNSQuestion?) -> Query? {
        guard let (serial, expected) = attempts[Key(id: id, port: port)], expected == server,
              let query = queries[serial], question == query.question else { return nil }
        remove(serial)
        return query
    }

    /// Queries whose current attempt timed out by `now`; the caller retries or removes each.
    mutating func expired(now: Duration) -> [Query] {
        var result: [Query] = []
        while let first = deadlines.min, first.time <= now {
            deadlines.removeMin()
            guard let query = queries[first.serial], query.attempts == first.attempt else { continue }
            result.append(query)
        }
        return result
    }

    /// Gives up on a query and on every attempt of it.
    mutating func remove(_ query: Query) { remove(query.serial) }

    private mutating func remove(_ serial: Int) {
        if let query = queries.removeValue(forKey: serial) {
            byClient[ClientKey(client: query.client, id: query.clientID, question: query.question)] = nil
        }
        for key in keysOfQuery.removeValue(forKey: serial) ?? [] {
            attempts[key] = nil
            if let n = ports[key.port], n > 1 { ports[key.port] = n - 1 } else { ports[key.port] = nil }
        }
    }
}
