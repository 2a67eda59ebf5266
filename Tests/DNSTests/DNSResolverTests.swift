import Config
import NIOCore
import Testing
import Wire
@testable import DNS

/// The router's own lookups through the proxy, on virtual time: no router, no socket.
@Suite struct DNSResolverTests {
    static let server1 = IPv4Address(203, 0, 113, 53)
    static let server2 = IPv4Address(198, 51, 100, 53)
    static let peer = DNSName("branch.netvolante.jp")!
    static let first = IPv4Address(198, 51, 100, 10)
    static let second = IPv4Address(198, 51, 100, 20)

    static func proxy(_ lines: [String] = [], servers: [IPv4Address] = [server1]) throws -> DNSProxy {
        var config = Config()
        var context = ConsoleContext()
        for line in lines { _ = try config.execute(line, context: &context) }
        return DNSProxy(settings: DNSProxySettings(config.dns, servers: servers))
    }

    static func a(_ name: DNSName, _ address: IPv4Address, ttl: UInt32) -> DNSRecord {
        DNSRecord(name: name, type: .a, ttl: ttl, data: .a(address))
    }

    struct Sent { var message: DNSMessage; var server: IPv4Address; var port: UInt16 }

    static func sent(_ outputs: [DNSProxy.Output]) throws -> [Sent] {
        try outputs.compactMap { if case let .query(m, s, p) = $0 { Sent(message: try DNSMessage.parse(m), server: s, port: p) } else { nil } }
    }

    static func events(_ outputs: [DNSProxy.Output]) -> [DNSResolver.Event] {
        outputs.compactMap { if case let .resolved(event) = $0 { event } else { nil } }
    }

    /// The one query the proxy sends at `now`.
    static func ask(_ proxy: inout DNSProxy, at now: Duration, random: inout SeededGenerator) throws -> Sent {
        let out = try sent(proxy.advance(to: now, random: &random))
        #expect(out.count == 1)
        return try #require(out.first)
    }

    /// The server's answer to a query, handed to the proxy.
    static func reply(_ proxy: inout DNSProxy, to query: Sent, code: DNSResponseCode = .noError, records: [DNSRecord],
                      at now: Duration) -> [DNSResolver.Event] {
        let response = DNSMessage.response(to: query.message, code: code, answers: records).buffer
        return events(proxy.answer(response, from: query.server, serverPort: 53, to: query.port, now: now))
    }

    @Test func asksOnceAndFollowsANewAddressAfterTheTTL() throws {
        var proxy = try Self.proxy()
        var random = SeededGenerator(seed: 1)
        #expect(proxy.lookup(Self.peer, now: .zero) == nil)
        // A new name is due at once, and a second lookup before the answer asks nothing more.
        #expect(proxy.nextDeadline == .zero && proxy.lookup(Self.peer, now: .zero) == nil)
        let query = try Self.ask(&proxy, at: .zero, random: &random)
        #expect(query.server == Self.server1 && query.message.recursionDesired && !query.message.isResponse)
        #expect(query.message.questions == [DNSQuestion(name: Self.peer, type: .a)] && (10000...10999).contains(query.port))
        #expect(try Self.sent(proxy.advance(to: .seconds(1), random: &random)).isEmpty)
        #expect(Self.reply(&proxy, to: query, records: [Self.a(Self.peer, Self.first, ttl: 80)], at: .seconds(1))
            == [.changed(Self.peer, from: nil, to: Self.first)])
        #expect(proxy.lookup(Self.peer, now: .seconds(2)) == Self.first && proxy.counters.relayed == 0 && proxy.counters.forwarded == 0)
        // A name in use is asked again at 7/8 of its TTL (70 s), before it expires.
        #expect(proxy.resolver.nextDeadline == .seconds(71))
        #expect(try Self.sent(proxy.advance(to: .seconds(70), random: &random)).isEmpty)
        let refresh = try Self.ask(&proxy, at: .seconds(71), random: &random)
        #expect(Self.reply(&proxy, to: refresh, records: [Self.a(Self.peer, Self.second, ttl: 80)], at: .seconds(71))
            == [.changed(Self.peer, from: Self.first, to: Self.second)])
        #expect(proxy.lookup(Self.peer, now: .seconds(72)) == Self.second)
        #expect(proxy.resolver.counters.queries == 2 && proxy.resolver.counters.changes == 2)
    }

    @Test func aTTLOfZeroIsHeldTenSeconds() throws {
        var proxy = try Self.proxy()
        var random = SeededGenerator(seed: 2)
        _ = proxy.lookup(Self.peer, now: .zero)
        let query = try Self.ask(&proxy, at: .zero, random: &random)
        _ = Self.reply(&proxy, to: query, records: [Self.a(Self.peer, Self.first, ttl: 0)], at: .zero)
        // The cache keeps nothing of TTL 0, but the resolver does not ask in a loop.
        #expect(proxy.resolver.nextDeadline == .seconds(10))
        #expect(try Self.sent(proxy.advance(to: .milliseconds(9999), random: &random)).isEmpty)
        let again = try Self.ask(&proxy, at: .seconds(10), random: &random)
        // The same address again is no event; a huge TTL is held one hour at most.
        #expect(Self.reply(&proxy, to: again, records: [Self.a(Self.peer, Self.first, ttl: 86400)], at: .seconds(10)).isEmpty)
        #expect(proxy.resolver.entry(Self.peer)?.expires == .seconds(3610) && proxy.resolver.nextDeadline == .seconds(10 + 3150))
    }

    @Test func ofSeveralAddressesTheOneInUseStaysAndCNAMEsAreFollowed() throws {
        var proxy = try Self.proxy()
        var random = SeededGenerator(seed: 3)
        let alias = DNSName("gw.example.com")!
        _ = proxy.lookup(alias, now: .zero)
        let query = try Self.ask(&proxy, at: .zero, random: &random)
        let cname = DNSRecord(name: alias, type: .cname, ttl: 30, data: .name(Self.peer))
        // An A record for another name than the chain reaches is not the alias's address.
        let stray = Self.a(DNSName("other.example")!, Self.second, ttl: 300)
        #expect(Self.reply(&proxy, to: query, records: [cname, stray, Self.a(Self.peer, Self.first, ttl: 300)], at: .zero)
            == [.changed(alias, from: nil, to: Self.first)])
        // The CNAME's 30 s is the smallest TTL on the way.
        #expect(proxy.resolver.entry(alias)?.expires == .seconds(30))
        let refresh = try Self.ask(&proxy, at: .milliseconds(26250), random: &random)
        let both = [Self.a(alias, Self.second, ttl: 300), Self.a(alias, Self.first, ttl: 300)]
        #expect(Self.reply(&proxy, to: refresh, records: both, at: .seconds(27)).isEmpty)
        #expect(proxy.lookup(alias, now: .seconds(27)) == Self.first)
    }

    @Test func nxdomainTakesTheAddressAwayAndRetriesLongerEachTime() throws {
        var proxy = try Self.proxy()
        var random = SeededGenerator(seed: 4)
        _ = proxy.lookup(Self.peer, now: .zero)
        _ = Self.reply(&proxy, to: try Self.ask(&proxy, at: .zero, random: &random), records: [Self.a(Self.peer, Self.first, ttl: 60)], at: .zero)
        let refresh = try Self.ask(&proxy, at: .milliseconds(52500), random: &random)
        #expect(Self.reply(&proxy, to: refresh, code: .nameError, records: [], at: .seconds(53))
            == [.failed(Self.peer, .nameError), .changed(Self.peer, from: Self.first, to: nil)])
        #expect(proxy.lookup(Self.peer, now: .seconds(53)) == nil)
        // Asked again after 10 s, then 20 s; the same failure again is counted, not reported again.
        #expect(proxy.resolver.nextDeadline == .seconds(63))
        #expect(Self.reply(&proxy, to: try Self.ask(&proxy, at: .seconds(63), random: &random), code: .nameError, records: [], at: .seconds(63)).isEmpty)
        #expect(proxy.resolver.nextDeadline == .seconds(83))
        let third = try Self.ask(&proxy, at: .seconds(83), random: &random)
        #expect(Self.reply(&proxy, to: third, records: [], at: .seconds(83)) == [.failed(Self.peer, .noAddress)])
        #expect(proxy.resolver.nextDeadline == .seconds(83 + 40))
        let entry = try #require(proxy.resolver.entry(Self.peer))
        #expect(entry.failures == 3 && entry.failuresInARow == 3 && proxy.resolver.counters.failures == 3)
        // The name comes back: the failures in a row end.
        let back = try Self.ask(&proxy, at: .seconds(123), random: &random)
        #expect(Self.reply(&proxy, to: back, records: [Self.a(Self.peer, Self.second, ttl: 60)], at: .seconds(123))
            == [.changed(Self.peer, from: nil, to: Self.second)])
        #expect(proxy.resolver.entry(Self.peer)?.failuresInARow == 0)
    }

    @Test func aTimeoutKeepsTheLastAddressAndServerErrorsToo() throws {
        var proxy = try Self.proxy(servers: [Self.server1, Self.server2])
        var random = SeededGenerator(seed: 5)
        _ = proxy.lookup(Self.peer, now: .zero)
        _ = Self.reply(&proxy, to: try Self.ask(&proxy, at: .zero, random: &random), records: [Self.a(Self.peer, Self.first, ttl: 16)], at: .zero)
        // The refresh at 14 s goes unanswered: the proxy's attempts (each server in turn, 2 s each), then a failure.
        let attempt1 = try Self.ask(&proxy, at: .seconds(14), random: &random)
        let attempt2 = try Self.ask(&proxy, at: .seconds(16), random: &random)
        #expect(attempt1.server == Self.server1 && attempt2.server == Self.server2)
        _ = try Self.ask(&proxy, at: .seconds(18), random: &random)
        #expect(Self.events(proxy.advance(to: .seconds(20), random: &random)) == [.failed(Self.peer, .timeout)])
        // Past its expiry the last address is still the best known.
        #expect(proxy.lookup(Self.peer, now: .seconds(21)) == Self.first && proxy.counters.retried == 0)
        let next = try Self.ask(&proxy, at: .seconds(30), random: &random)
        #expect(Self.reply(&proxy, to: next, code: .serverFailure, records: [], at: .seconds(30))
            == [.failed(Self.peer, .serverError(.serverFailure))])
        #expect(proxy.lookup(Self.peer, now: .seconds(31)) == Self.first)
    }

    @Test func withoutAServerTheNameWaitsForOne() throws {
        var proxy = try Self.proxy(servers: [])
        var random = SeededGenerator(seed: 6)
        _ = proxy.lookup(Self.peer, now: .zero)
        #expect(Self.events(proxy.advance(to: .zero, random: &random)) == [.failed(Self.peer, .noServer)])
        #expect(proxy.resolver.nextDeadline == .seconds(10))
        // A server configured (as `dns server pp` gives one when PPP comes up) is asked at once.
        proxy.configure(DNSProxySettings(DNSConfig(), servers: [Self.server2]))
        let query = try Self.ask(&proxy, at: .seconds(1), random: &random)
        #expect(query.server == Self.server2)
    }

    @Test func staticRecordsAndTheCacheAnswerWithoutAQuery() throws {
        var proxy = try Self.proxy(["ip host branch.netvolante.jp 192.0.2.7"])
        var random = SeededGenerator(seed: 7)
        #expect(proxy.lookup(Self.peer, now: .zero) == IPv4Address(192, 0, 2, 7))
        #expect(proxy.nextDeadline == nil && proxy.resolver.count == 0)
        // A name a LAN client had resolved comes from the cache, once; refreshes go upstream.
        let client = DNSProxy.Client(address: IPv4Address(192, 168, 100, 2), port: 40000, local: IPv4Address(192, 168, 100, 1))
        let name = DNSName("hq.example")!
        let asked = DNSMessage(id: 9, flags: DNSMessage.recursionDesiredFlag, questions: [DNSQuestion(name: name, type: .a)])
        let up = try #require(try Self.sent(proxy.query(asked.buffer, from: client, now: .zero, random: &random)).first)
        _ = Self.reply(&proxy, to: up, records: [Self.a(name, Self.first, ttl: 300)], at: .zero)
        #expect(proxy.lookup(name, now: .seconds(100)) == nil)
        let out = proxy.advance(to: .seconds(100), random: &random)
        #expect(try Self.sent(out).isEmpty && Self.events(out) == [.changed(name, from: nil, to: Self.first)])
        // Held for what the cache had left (200 s): asked upstream at 7/8 of it.
        #expect(proxy.resolver.entry(name)?.expires == .seconds(300) && proxy.resolver.nextDeadline == .seconds(275))
        #expect(try Self.sent(proxy.advance(to: .seconds(275), random: &random)).count == 1)
    }

    @Test func onlyNamesInUseAreAskedAgain() throws {
        var proxy = try Self.proxy()
        var random = SeededGenerator(seed: 8)
        _ = proxy.lookup(Self.peer, now: .zero)
        _ = Self.reply(&proxy, to: try Self.ask(&proxy, at: .zero, random: &random), records: [Self.a(Self.peer, Self.first, ttl: 60)], at: .zero)
        // The config no longer names the peer: nothing is due.
        proxy.markNamesUnused()
        #expect(proxy.resolver.nextDeadline == nil && proxy.advance(to: .seconds(600), random: &random).isEmpty)
        // Named again: the stale address at once, and a query.
        #expect(proxy.lookup(Self.peer, now: .seconds(600)) == Self.first)
        #expect(try Self.ask(&proxy, at: .seconds(600), random: &random).message.questions.first?.name == Self.peer)
    }

    @Test func theTableOfNamesIsBounded() throws {
        var resolver = DNSResolver(limit: 2)
        let names = ["a.example", "b.example", "c.example"].compactMap(DNSName.init)
        #expect(resolver.lookup(names[0], now: .zero) == nil && resolver.lookup(names[1], now: .seconds(1)) == nil)
        // Both in use: a third is refused.
        #expect(resolver.lookup(names[2], now: .seconds(2)) == nil && resolver.count == 2 && resolver.counters.refused == 1)
        #expect(resolver.takeDue(now: .seconds(2)) == [names[0], names[1]])
        #expect(resolver.answer(DNSMessage.response(to: DNSMessage(id: 1, questions: [DNSQuestion(name: names[1], type: .a)]), code: .noError,
                                                    answers: [Self.a(names[1], Self.first, ttl: 60)]), now: .seconds(3)).count == 1)
        // Not in use, and not waiting for an answer: b makes room; a, whose query is out, stays.
        resolver.markUnused()
        #expect(resolver.lookup(names[2], now: .seconds(4)) == nil && resolver.count == 2)
        #expect(resolver.entry(names[0]) != nil && resolver.entry(names[1]) == nil && resolver.entry(names[2]) != nil)
        // An answer nobody waits for changes nothing.
        #expect(resolver.answer(DNSMessage.response(to: DNSMessage(id: 1, questions: [DNSQuestion(name: names[2], type: .a)]), code: .noError,
                                                    answers: [Self.a(names[2], Self.first, ttl: 60)]), now: .seconds(5)).isEmpty)
    }
}
