import NIOCore
import Wire

/// The router's own lookups go through the proxy: the same static records, cache, servers, retries
/// and source ports as its clients' queries, with `DNSResolver` holding the names and their answers.
extension DNSProxy {
    /// The router itself as the asker of its lookups.
    static let router: Client = {
        var client = Client(address: .any, port: 0, local: .any)
        client.isRouter = true
        return client
    }()

    /// The address `name` stands for: an A record of `ip host` or `dns static`, else the resolver's;
    /// nil until an answer comes. A name not known yet is asked at the next `advance`.
    public mutating func lookup(_ name: DNSName, now: Duration) -> IPv4Address? {
        if let record = settings.records.answer(DNSQuestion(name: name, type: .a)), case .a(let address) = record.data { return address }
        return resolver.lookup(name, now: now)
    }

    /// Before the router looks up the names its config gives (`DNSResolver.markUnused`).
    public mutating func markNamesUnused() { resolver.markUnused() }

    /// Sends the router's due lookups to the first server, as a client's query goes. A name never
    /// answered takes a live cache entry (a client asked for it); a refresh always asks upstream.
    mutating func askDue(now: Duration, random: inout some RandomNumberGenerator) -> [Output] {
        var outputs: [Output] = []
        for name in resolver.takeDue(now: now) {
            let question = DNSQuestion(name: name, type: .a)
            if resolver.isNew(name), let entry = cache.lookup(question, now: now), entry.code == .noError {
                var response = DNSMessage.response(to: DNSMessage(id: 0, questions: [question]), code: .noError, answers: entry.answers)
                response.authorities = entry.authorities
                outputs += resolver.answer(response, now: now).map(Output.resolved)
                continue
            }
            guard let server = settings.servers.first else {
                outputs += resolver.fail(name, .noServer, now: now).map(Output.resolved)
                continue
            }
            let payload = DNSMessage(id: 0, flags: DNSMessage.recursionDesiredFlag, questions: [question]).buffer
            let query = DNSPendingTable.Query(client: DNSProxy.router, clientID: 0, question: question,
                                              clientLimit: DNSMessage.classicUDPLimit, payload: payload, servers: settings.servers)
            guard let (id, port) = pending.add(query, server: server, now: now, deadline: now + DNSProxy.attemptTimeout,
                                               ports: settings.sourcePorts, random: &random) else {
                outputs += resolver.fail(name, .busy, now: now).map(Output.resolved)
                continue
            }
            outputs.append(.query(DNSProxy.withID(id, payload), to: server, sourcePort: port))
        }
        return outputs
    }
}
