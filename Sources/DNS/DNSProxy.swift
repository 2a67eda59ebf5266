import NIOCore
import Wire

/// The RTX's DNS recursive server function as a sans-IO state machine: a client's query is
/// answered from the static records, then the cache, else forwarded upstream under an ID and
/// source port of the proxy's own, drawn from the randomness it is handed and never two alike
/// while pending; the answer goes back under the client's ID. Unanswered attempts are retried,
/// each on the next server.
public struct DNSProxy: Sendable {
    /// Where a query came from and which of the router's addresses it was sent to.
    public struct Client: Hashable, Sendable {
        public var address: IPv4Address
        public var port: UInt16
        /// The router's address the query was sent to: the answer comes from it.
        public var local: IPv4Address
        /// Over TCP (`DNSTCPServer`), where an answer may take 65,535 bytes.
        public var tcp: Bool
        /// The router's own lookup (`DNSResolver`): its answer is not relayed but resolves a name.
        public internal(set) var isRouter = false

        public init(address: IPv4Address, port: UInt16, local: IPv4Address, tcp: Bool = false) {
            self.address = address
            self.port = port
            self.local = local
            self.tcp = tcp
        }

        /// The largest answer the client takes over its transport.
        func limit(_ query: DNSMessage) -> Int { tcp ? Int(UInt16.max) : query.udpPayloadLimit }
    }

    public enum Output: Sendable {
        /// A DNS message for a client, from `client.local` port 53.
        case answer(ByteBuffer, to: Client)
        /// A query for an upstream server's port 53, from the router's own `sourcePort`.
        case query(ByteBuffer, to: IPv4Address, sourcePort: UInt16)
        case drop(DropReason)
        /// A forwarded query the proxy gave up on: its client gets no answer.
        case gaveUp(Client)
        /// What an answer to the router's own lookup changed (`lookup`).
        case resolved(DNSResolver.Event)
    }

    /// What the proxy did, for `show status dns`.
    public struct Counters: Sendable {
        public var queries = 0
        public var answeredStatic = 0
        public var answeredCache = 0
        public var answeredSpoof = 0
        public var answeredFilter = 0
        public var forwarded = 0
        public var retried = 0
        public var relayed = 0
        public var noServer = 0
        public var refusedFormat = 0
    }

    public private(set) var settings: DNSProxySettings
    public internal(set) var cache: DNSCache
    public internal(set) var pending: DNSPendingTable
    public internal(set) var resolver = DNSResolver()
    public private(set) var counters = Counters()

    /// Each attempt waits this long for its answer (BIND's and dnsmasq's resolvers wait about as long).
    public static let attemptTimeout: Duration = .seconds(2)
    /// Attempts per query, each on the next server in turn: 6 s, about when a stub resolver asks again.
    public static let attempts = 3

    public init(settings: DNSProxySettings = DNSProxySettings(), pendingLimit: Int = DNSPendingTable.defaultLimit) {
        self.settings = settings
        cache = DNSCache(capacity: settings.cacheUse ? settings.cacheMaxEntry : 0)
        pending = DNSPendingTable(limit: pendingLimit)
    }

    /// New settings: the cache keeps what still fits (all of it goes with `dns cache use off`);
    /// pending queries go on with the servers they were chosen.
    public mutating func configure(_ settings: DNSProxySettings) {
        if settings.servers != self.settings.servers { resolver.retryFailed() }
        self.settings = settings
        cache.capacity = settings.cacheUse ? settings.cacheMaxEntry : 0
    }

    public mutating func clearCache() { cache.removeAll() }

    public var nextDeadline: Duration? { [pending.nextDeadline, resolver.nextDeadline].compactMap { $0 }.min() }

    /// Whether an answer to this port of the router would be for a pending query.
    public func awaits(port: UInt16) -> Bool { pending.uses(port: port) }

    // MARK: Queries from clients

    public mutating func query(_ payload: ByteBuffer, from client: Client, now: Duration,
                               random: inout some RandomNumberGenerator) -> [Output] {
        let message: DNSMessage
        do { message = try DNSMessage.parse(payload) } catch { return [.drop(error)] }
        guard !message.isResponse else { return [.drop(.dnsNotQuery)] }
        counters.queries += 1
        guard message.opcode == 0 else { return [reply(.response(to: message, code: .notImplemented), to: client, for: message)] }
        guard message.questions.count == 1, let question = message.questions.first else {
            counters.refusedFormat += 1
            var response = DNSMessage.response(to: message, code: .formatError)
            response.questions = []
            return [reply(response, to: client, for: message)]
        }
        let selection = settings.selects.first { $0.select.matches(question, from: client.address) }
        if selection?.select.target == .reject { return [.drop(.dnsRejected)] }
        if let record = settings.records.answer(question) {
            counters.answeredStatic += 1
            return [reply(.response(to: message, code: .noError, answers: [record], authoritative: true), to: client, for: message)]
        }
        if settings.privateAddressSpoof, question.type == .ptr, let address = question.name.reverseIPv4, address.isPrivate {
            counters.answeredSpoof += 1
            return [reply(.response(to: message, code: .nameError), to: client, for: message)]
        }
        if settings.aaaaFilter, question.type == .aaaa {
            counters.answeredFilter += 1
            return [reply(.response(to: message, code: .noError), to: client, for: message)]
        }
        if let entry = cache.lookup(question, now: now) {
            counters.answeredCache += 1
            var response = DNSMessage.response(to: message, code: entry.code, answers: entry.answers)
            response.authorities = entry.authorities
            response.additionals = entry.additionals
            return [reply(response, to: client, for: message)]
        }
        guard !pending.contains(client, id: message.id, question: question) else { return [.drop(.dnsQueryPending)] }
        let servers = selection?.servers ?? settings.servers
        guard let server = servers.first else {
            counters.noServer += 1
            return [reply(.response(to: message, code: .serverFailure), to: client, for: message)]
        }
        let query = DNSPendingTable.Query(client: client, clientID: message.id, question: question,
                                          clientLimit: client.limit(message), payload: payload, servers: servers)
        guard let (id, port) = pending.add(query, server: server, now: now, deadline: now + DNSProxy.attemptTimeout,
                                           ports: settings.sourcePorts, random: &random) else {
            return [.drop(.dnsPendingFull)]
        }
        counters.forwarded += 1
        return [.query(DNSProxy.withID(id, payload), to: server, sourcePort: port)]
    }

    // MARK: Answers from upstream

    /// A datagram from `server`'s `serverPort` to the router's `port`.
    public mutating func answer(_ payload: ByteBuffer, from server: IPv4Address, serverPort: UInt16, to port: UInt16,
                                now: Duration) -> [Output] {
        let message: DNSMessage
        do { message = try DNSMessage.parse(payload) } catch { return [.drop(error)] }
        guard serverPort == DNSMessage.port, message.isResponse,
              let query = pending.take(id: message.id, port: port, server: server,
                                       question: message.questions.count == 1 ? message.questions.first : nil) else {
            return [.drop(.dnsUnexpectedAnswer)]
        }
        cache.store(message, now: now)
        if query.client.isRouter { return resolver.answer(message, now: now).map(Output.resolved) }
        counters.relayed += 1
        var out = DNSProxy.withID(query.clientID, payload)
        if out.readableBytes > query.clientLimit {
            var response = message
            response.id = query.clientID
            out = response.buffer(limit: query.clientLimit)
        }
        return [.answer(out, to: query.client)]
    }

    // MARK: Timers

    /// Retries attempts that timed out on the next server; a query out of attempts is dropped. Sends
    /// the router's own lookups that are due.
    public mutating func advance(to now: Duration, random: inout some RandomNumberGenerator) -> [Output] {
        var outputs: [Output] = []
        for var query in pending.expired(now: now) {
            query.attempts += 1
            guard query.attempts < DNSProxy.attempts else {
                pending.remove(query)
                outputs += query.client.isRouter ? resolver.fail(query.question.name, .timeout, now: now).map(Output.resolved)
                    : [.drop(.dnsUpstreamTimeout), .gaveUp(query.client)]
                continue
            }
            let server = query.servers[query.attempts % query.servers.count]
            guard let (id, port) = pending.retry(query, server: server, deadline: now + DNSProxy.attemptTimeout,
                                                 ports: settings.sourcePorts, random: &random) else {
                outputs += query.client.isRouter ? resolver.fail(query.question.name, .busy, now: now).map(Output.resolved)
                    : [.drop(.dnsPendingFull), .gaveUp(query.client)]
                continue
            }
            if !query.client.isRouter { counters.retried += 1 }
            outputs.append(.query(DNSProxy.withID(id, query.payload), to: server, sourcePort: port))
        }
        return outputs + askDue(now: now, random: &random)
    }

    // MARK: Helpers

    /// A response for the client, within the size it takes, with an OPT record when it sent one
    /// (RFC 6891 7).
    private func reply(_ response: DNSMessage, to client: Client, for query: DNSMessage) -> Output {
        var response = response
        if query.additionals.contains(where: { $0.type == .opt }) {
            response.additionals.append(DNSRecord(name: .root, type: .opt, rclass: DNSProxy.ednsPayloadSize, ttl: 0, data: .opaque([])))
        }
        return .answer(response.buffer(limit: client.limit(query)), to: client)
    }

    /// The UDP payload size the proxy announces: RFC 9715's 1,232 bytes, which no path fragments.
    public static let ednsPayloadSize: UInt16 = 1232

    /// The same message under another ID (its first two bytes).
    static func withID(_ id: UInt16, _ payload: ByteBuffer) -> ByteBuffer {
        var copy = ByteBufferAllocator().buffer(capacity: payload.readableBytes)
        copy.writeImmutableBuffer(payload)
        copy.setInteger(id, at: copy.readerIndex)
        return copy
    }
}

extension IPv4Address {
    /// RFC 1918: 10/8, 172.16/12, 192.168/16.
    public var isPrivate: Bool {
        value >> 24 == 10 || value >> 20 == 0xAC1 || value >> 16 == 0xC0A8
    }
}
