import Config
import NIOCore
import Testing
import Wire
@testable import DNS

/// The proxy as a state machine, on virtual time: no router, no socket.
@Suite struct DNSProxyTests {
    static let client = DNSProxy.Client(address: IPv4Address(192, 168, 100, 2), port: 40000, local: IPv4Address(192, 168, 100, 1))
    static let server1 = IPv4Address(203, 0, 113, 53)
    static let server2 = IPv4Address(198, 51, 100, 53)

    static func settings(_ lines: [String] = [], servers: [IPv4Address] = [server1]) throws -> DNSProxySettings {
        var config = Config()
        var context = ConsoleContext()
        for line in lines { _ = try config.execute(line, context: &context) }
        return DNSProxySettings(config.dns, servers: servers)
    }

    static func query(_ name: String, _ type: DNSType = .a, id: UInt16 = 0x1111, edns: UInt16? = nil) -> ByteBuffer {
        var m = DNSMessage(id: id, flags: DNSMessage.recursionDesiredFlag, questions: [DNSQuestion(name: DNSName(name)!, type: type)])
        if let edns { m.additionals = [DNSRecord(name: .root, type: .opt, rclass: edns, ttl: 0, data: .opaque([]))] }
        return m.buffer
    }

    /// The upstream's answer to a query the proxy sent.
    static func answer(_ sent: ByteBuffer, code: DNSResponseCode = .noError, records: [DNSRecord] = []) throws -> ByteBuffer {
        let q = try DNSMessage.parse(sent)
        return DNSMessage.response(to: q, code: code, answers: records).buffer
    }

    static func a(_ name: String, _ address: IPv4Address, ttl: UInt32 = 300) -> DNSRecord {
        DNSRecord(name: DNSName(name)!, type: .a, ttl: ttl, data: .a(address))
    }

    static let www = IPv4Address(203, 0, 113, 80)

    struct Sent { var message: ByteBuffer; var server: IPv4Address; var port: UInt16 }

    static func sent(_ outputs: [DNSProxy.Output]) -> [Sent] {
        outputs.compactMap { if case let .query(m, s, p) = $0 { Sent(message: m, server: s, port: p) } else { nil } }
    }

    static func answers(_ outputs: [DNSProxy.Output]) throws -> [DNSMessage] {
        try outputs.compactMap { if case let .answer(m, c) = $0 { #expect(c == client); return try DNSMessage.parse(m) } else { return nil } }
    }

    static func drops(_ outputs: [DNSProxy.Output]) -> [DropReason] {
        outputs.compactMap { if case let .drop(r) = $0 { r } else { nil } }
    }

    @Test func forwardsUnderItsOwnIDAndAnswersUnderTheClients() throws {
        var proxy = DNSProxy(settings: try Self.settings())
        var random = SeededGenerator(seed: 1)
        let out = proxy.query(Self.query("www.example.com", edns: 4096), from: Self.client, now: .zero, random: &random)
        let up = try #require(Self.sent(out).first)
        let upstream = try DNSMessage.parse(up.message)
        #expect(up.server == Self.server1 && (10000...10999).contains(up.port))
        #expect(upstream.id != 0x1111 && upstream.questions == [DNSQuestion(name: DNSName("www.example.com")!, type: .a)])
        // The client's OPT record goes upstream as it came.
        #expect(upstream.udpPayloadLimit == 4096)
        #expect(proxy.awaits(port: up.port) && proxy.pending.count == 1)
        let back = proxy.answer(try Self.answer(up.message, records: [Self.a("www.example.com", Self.www)]), from: Self.server1,
                                serverPort: 53, to: up.port, now: .milliseconds(30))
        let relayed = try #require(try Self.answers(back).first)
        #expect(relayed.id == 0x1111 && relayed.answers == [Self.a("www.example.com", Self.www)])
        #expect(proxy.pending.count == 0 && !proxy.awaits(port: up.port))
        #expect(proxy.counters.forwarded == 1 && proxy.counters.relayed == 1)
    }

    @Test func answersFromTheCacheWithAgedTTLsUntilTheyExpire() throws {
        var proxy = DNSProxy(settings: try Self.settings())
        var random = SeededGenerator(seed: 2)
        let up = try #require(Self.sent(proxy.query(Self.query("www.example.com"), from: Self.client, now: .zero, random: &random)).first)
        let records = [Self.a("www.example.com", Self.www, ttl: 30), Self.a("www.example.com", IPv4Address(203, 0, 113, 81), ttl: 60)]
        _ = proxy.answer(try Self.answer(up.message, records: records), from: Self.server1, serverPort: 53, to: up.port, now: .zero)
        // The smallest TTL of the answer: 30 s.
        let hit = proxy.query(Self.query("WWW.EXAMPLE.COM", id: 7), from: Self.client, now: .seconds(29), random: &random)
        #expect(Self.sent(hit).isEmpty)
        let cached = try #require(try Self.answers(hit).first)
        #expect(cached.id == 7 && cached.answers.map(\.ttl) == [1, 31] && proxy.counters.answeredCache == 1)
        #expect(cached.questions.first?.name.text == "WWW.EXAMPLE.COM")
        let miss = proxy.query(Self.query("www.example.com", id: 8), from: Self.client, now: .seconds(30), random: &random)
        #expect(Self.sent(miss).count == 1)
    }

    @Test func negativeAnswersAreKeptSixtySecondsWithoutRecords() throws {
        var proxy = DNSProxy(settings: try Self.settings())
        var random = SeededGenerator(seed: 3)
        let up = try #require(Self.sent(proxy.query(Self.query("nothere.example"), from: Self.client, now: .zero, random: &random)).first)
        _ = proxy.answer(try Self.answer(up.message, code: .nameError), from: Self.server1, serverPort: 53, to: up.port, now: .zero)
        let hit = try Self.answers(proxy.query(Self.query("nothere.example"), from: Self.client, now: .seconds(59), random: &random))
        #expect(hit.first?.responseCode == .nameError)
        #expect(Self.sent(proxy.query(Self.query("nothere.example"), from: Self.client, now: .seconds(60), random: &random)).count == 1)
        // SERVFAIL is not kept.
        let failing = try #require(Self.sent(proxy.query(Self.query("broken.example"), from: Self.client, now: .seconds(61), random: &random)).first)
        _ = proxy.answer(try Self.answer(failing.message, code: .serverFailure), from: Self.server1, serverPort: 53, to: failing.port, now: .seconds(61))
        #expect(Self.sent(proxy.query(Self.query("broken.example"), from: Self.client, now: .seconds(62), random: &random)).count == 1)
    }

    @Test func refusesAnswersItDidNotAskFor() throws {
        var proxy = DNSProxy(settings: try Self.settings())
        var random = SeededGenerator(seed: 4)
        let up = try #require(Self.sent(proxy.query(Self.query("www.example.com"), from: Self.client, now: .zero, random: &random)).first)
        let good = try Self.answer(up.message, records: [Self.a("www.example.com", Self.www)])
        var wrongID = good
        wrongID.setInteger(try DNSMessage.parse(good).id &+ 1, at: wrongID.readerIndex)
        var otherQuestion = try DNSMessage.parse(good)
        otherQuestion.questions = [DNSQuestion(name: DNSName("evil.example")!, type: .a)]
        for (message, server, serverPort, port) in [
            (wrongID, Self.server1, UInt16(53), up.port), (good, Self.server2, 53, up.port), (good, Self.server1, 5353, up.port),
            (good, Self.server1, 53, up.port &+ 1), (otherQuestion.buffer, Self.server1, 53, up.port),
        ] {
            #expect(Self.drops(proxy.answer(message, from: server, serverPort: serverPort, to: port, now: .zero)) == [.dnsUnexpectedAnswer])
        }
        #expect(proxy.pending.count == 1)
        #expect(try Self.answers(proxy.answer(good, from: Self.server1, serverPort: 53, to: up.port, now: .zero)).count == 1)
        // A second copy finds nothing waiting.
        #expect(Self.drops(proxy.answer(good, from: Self.server1, serverPort: 53, to: up.port, now: .zero)) == [.dnsUnexpectedAnswer])
    }

    @Test func aClientsRepeatIsNotSentTwice() throws {
        var proxy = DNSProxy(settings: try Self.settings())
        var random = SeededGenerator(seed: 13)
        let up = try #require(Self.sent(proxy.query(Self.query("www.example.com"), from: Self.client, now: .zero, random: &random)).first)
        #expect(Self.drops(proxy.query(Self.query("www.example.com"), from: Self.client, now: .seconds(1), random: &random)) == [.dnsQueryPending])
        // Another client, or another ID, is another query.
        var other = Self.client
        other.port = 40001
        #expect(Self.sent(proxy.query(Self.query("www.example.com"), from: other, now: .seconds(1), random: &random)).count == 1)
        _ = proxy.answer(try Self.answer(up.message, records: [Self.a("www.example.com", Self.www)]), from: Self.server1, serverPort: 53,
                         to: up.port, now: .seconds(1))
        #expect(try Self.answers(proxy.query(Self.query("www.example.com"), from: Self.client, now: .seconds(2), random: &random)).count == 1)
    }

    @Test func retriesOnTheNextServerThenGivesUp() throws {
        var proxy = DNSProxy(settings: try Self.settings(servers: [Self.server1, Self.server2]))
        var random = SeededGenerator(seed: 5)
        let first = try #require(Self.sent(proxy.query(Self.query("slow.example"), from: Self.client, now: .zero, random: &random)).first)
        #expect(proxy.nextDeadline == .seconds(2))
        #expect(proxy.advance(to: .milliseconds(1999), random: &random).isEmpty)
        let second = try #require(Self.sent(proxy.advance(to: .seconds(2), random: &random)).first)
        let ids = (try DNSMessage.parse(first.message).id, try DNSMessage.parse(second.message).id)
        #expect(second.server == Self.server2 && (second.port != first.port || ids.0 != ids.1))
        let third = try #require(Self.sent(proxy.advance(to: .seconds(4), random: &random)).first)
        #expect(third.server == Self.server1 && proxy.counters.retried == 2)
        #expect(Self.drops(proxy.advance(to: .seconds(6), random: &random)) == [.dnsUpstreamTimeout])
        #expect(proxy.pending.count == 0 && proxy.nextDeadline == nil && !proxy.awaits(port: first.port))
    }

    @Test func aLateAnswerToAnEarlierAttemptStillCounts() throws {
        var proxy = DNSProxy(settings: try Self.settings(servers: [Self.server1, Self.server2]))
        var random = SeededGenerator(seed: 6)
        let first = try #require(Self.sent(proxy.query(Self.query("slow.example"), from: Self.client, now: .zero, random: &random)).first)
        _ = proxy.advance(to: .seconds(2), random: &random)
        let back = proxy.answer(try Self.answer(first.message, records: [Self.a("slow.example", Self.www)]), from: Self.server1,
                                serverPort: 53, to: first.port, now: .seconds(3))
        #expect(try Self.answers(back).first?.id == 0x1111)
        #expect(proxy.pending.count == 0 && proxy.advance(to: .seconds(10), random: &random).isEmpty)
    }

    @Test func pendingIDsAndPortsNeverRepeatAndTheTableIsBounded() throws {
        // One source port: only the IDs tell the queries apart.
        var proxy = DNSProxy(settings: try Self.settings(["dns srcport 10000"]), pendingLimit: 150)
        var random = SeededGenerator(seed: 7)
        var keys: Set<[UInt16]> = []
        for n in 0..<150 {
            let up = try #require(Self.sent(proxy.query(Self.query("h\(n).example", id: 1), from: Self.client, now: .zero, random: &random)).first)
            #expect(up.port == 10000)
            keys.insert([try DNSMessage.parse(up.message).id, up.port])
        }
        #expect(keys.count == 150 && proxy.pending.count == 150)
        #expect(Self.drops(proxy.query(Self.query("one.more"), from: Self.client, now: .zero, random: &random)) == [.dnsPendingFull])
    }

    @Test func theCacheDropsItsOldestAnswerAtItsBound() throws {
        var proxy = DNSProxy(settings: try Self.settings(["dns cache max entry 2"]))
        var random = SeededGenerator(seed: 8)
        for (n, name) in ["a.example", "b.example", "c.example"].enumerated() {
            let up = try #require(Self.sent(proxy.query(Self.query(name), from: Self.client, now: .seconds(Int64(n)), random: &random)).first)
            _ = proxy.answer(try Self.answer(up.message, records: [Self.a(name, Self.www)]), from: Self.server1, serverPort: 53,
                             to: up.port, now: .seconds(Int64(n)))
        }
        #expect(proxy.cache.count == 2 && proxy.cache.evicted == 1)
        #expect(proxy.cache.live(now: .seconds(3)).map(\.question.name.text) == ["b.example", "c.example"])
        // Refreshing an entry over and over keeps the bookkeeping bounded.
        for n in 0..<1000 {
            let up = try #require(Self.sent(proxy.query(Self.query("b.example"), from: Self.client, now: .seconds(Int64(400 + 400 * n)),
                                                        random: &random)).first)
            _ = proxy.answer(try Self.answer(up.message, records: [Self.a("b.example", Self.www)]), from: Self.server1, serverPort: 53,
                             to: up.port, now: .seconds(Int64(400 + 400 * n)))
        }
        #expect(proxy.cache.count <= 2)
        var off = DNSProxy(settings: try Self.settings(["dns cache use off"]))
        let up = try #require(Self.sent(off.query(Self.query("a.example"), from: Self.client, now: .zero, random: &random)).first)
        _ = off.answer(try Self.answer(up.message, records: [Self.a("a.example", Self.www)]), from: Self.server1, serverPort: 53, to: up.port, now: .zero)
        #expect(off.cache.count == 0 && Self.sent(off.query(Self.query("a.example"), from: Self.client, now: .zero, random: &random)).count == 1)
    }

    @Test func staticRecordsAnswerAsTheReferenceSays() throws {
        var proxy = DNSProxy(settings: try Self.settings([
            "dns static a printer.home 192.168.100.20", "dns static mx home mail.home ttl=600",
            "dns static cname www.home printer.home", "ip host nas.home 192.168.100.30 ttl=60",
            "dns static aaaa printer.home 2001:db8::20",
        ]))
        var random = SeededGenerator(seed: 9)
        func ask(_ name: String, _ type: DNSType) throws -> DNSMessage {
            let out = proxy.query(Self.query(name, type), from: Self.client, now: .zero, random: &random)
            #expect(Self.sent(out).isEmpty)
            return try #require(try Self.answers(out).first)
        }
        let a = try ask("PRINTER.home", .a)
        #expect(a.answers == [DNSRecord(name: DNSName("printer.home")!, type: .a, ttl: 1, data: .a(IPv4Address(192, 168, 100, 20)))])
        #expect(a.flags & DNSMessage.authoritativeFlag != 0 && a.authorities.isEmpty && a.additionals.isEmpty)
        #expect(try ask("home", .mx).answers.first?.data == .mx(preference: 0, exchange: DNSName("mail.home")!))
        #expect(try ask("home", .mx).answers.first?.ttl == 600)
        #expect(try ask("www.home", .a).answers.first?.data == .name(DNSName("printer.home")!))
        #expect(try ask("30.100.168.192.in-addr.arpa", .ptr).answers.first?.data == .name(DNSName("nas.home")!))
        #expect(try ask("nas.home", .a).answers.first?.ttl == 60)
        #expect(try ask("printer.home", .aaaa).answers.first?.data == .aaaa(IPv6Address("2001:db8::20")!))
        #expect(proxy.counters.answeredStatic == 7)
        // Another type of a static name is not the proxy's: forwarded.
        #expect(Self.sent(proxy.query(Self.query("printer.home", .mx), from: Self.client, now: .zero, random: &random)).count == 1)
    }

    @Test func privateAddressSpoofAndAAAAFilter() throws {
        var random = SeededGenerator(seed: 10)
        var on = DNSProxy(settings: try Self.settings(["dns private address spoof on", "dns service aaaa filter on"]))
        for address in ["10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1"] {
            let name = DNSName(reverse: IPv4Address(address)!).text
            let out = on.query(Self.query(name, .ptr), from: Self.client, now: .zero, random: &random)
            #expect(try Self.answers(out).first?.responseCode == .nameError, "\(address)")
        }
        for address in ["172.32.0.1", "203.0.113.80", "11.0.0.1"] {
            let name = DNSName(reverse: IPv4Address(address)!).text
            #expect(Self.sent(on.query(Self.query(name, .ptr), from: Self.client, now: .zero, random: &random)).count == 1, "\(address)")
        }
        let filtered = try Self.answers(on.query(Self.query("www.example.com", .aaaa), from: Self.client, now: .zero, random: &random))
        #expect(filtered.first?.responseCode == .noError && filtered.first?.answers.isEmpty == true)
        var off = DNSProxy(settings: try Self.settings())
        #expect(Self.sent(off.query(Self.query("1.1.168.192.in-addr.arpa", .ptr), from: Self.client, now: .zero, random: &random)).count == 1)
        #expect(Self.sent(off.query(Self.query("www.example.com", .aaaa), from: Self.client, now: .zero, random: &random)).count == 1)
    }

    @Test func serverSelectChoosesTheServerOrRejects() throws {
        var proxy = DNSProxy(settings: try Self.settings([
            "dns server select 1 198.51.100.1 198.51.100.2 any corp.example",
            "dns server select 2 reject any *.ads.example",
            "dns server select 3 dhcp lan2 198.51.100.3 ptr 10.0.0.0/8",
            "dns server select 4 pp 1 any pp.example",
            "dns server select 5 198.51.100.5 any . restrict pp 1",
        ]))
        var random = SeededGenerator(seed: 14)
        func first(_ name: String, _ type: DNSType = .a) -> Sent? {
            Self.sent(proxy.query(Self.query(name, type), from: Self.client, now: .zero, random: &random)).first
        }
        #expect(first("www.corp.example")?.server == IPv4Address(198, 51, 100, 1))
        #expect(first("www.example.com")?.server == Self.server1)
        #expect(first("4.3.2.10.in-addr.arpa", .ptr)?.server == IPv4Address(198, 51, 100, 3))
        #expect(Self.drops(proxy.query(Self.query("x.ads.example", .aaaa), from: Self.client, now: .zero, random: &random)) == [.dnsRejected])
        // A pp table without a default server has no server: SERVFAIL, never the general servers.
        #expect(try Self.answers(proxy.query(Self.query("a.pp.example"), from: Self.client, now: .zero, random: &random)).first?.responseCode == .serverFailure)
        // A retry of a selected query goes to the table's second server.
        let corp = try #require(first("mail.corp.example"))
        #expect(corp.server == IPv4Address(198, 51, 100, 1))
        let retried = Self.sent(proxy.advance(to: .seconds(2), random: &random))
        #expect(retried.map(\.server).contains(IPv4Address(198, 51, 100, 2)))
    }

    @Test func refusalsAndErrors() throws {
        var random = SeededGenerator(seed: 11)
        var none = DNSProxy(settings: try Self.settings(servers: []))
        #expect(try Self.answers(none.query(Self.query("a.example"), from: Self.client, now: .zero, random: &random)).first?.responseCode == .serverFailure)
        var proxy = DNSProxy(settings: try Self.settings())
        #expect(Self.drops(proxy.query(ByteBuffer(bytes: [1, 2, 3]), from: Self.client, now: .zero, random: &random)) == [.dnsTruncated])
        let response = DNSMessage.response(to: try DNSMessage.parse(Self.query("a.example")), code: .noError).buffer
        #expect(Self.drops(proxy.query(response, from: Self.client, now: .zero, random: &random)) == [.dnsNotQuery])
        let notify = DNSMessage(id: 5, flags: 4 << 11, questions: [DNSQuestion(name: DNSName("a.example")!, type: .soa)]).buffer
        #expect(try Self.answers(proxy.query(notify, from: Self.client, now: .zero, random: &random)).first?.responseCode == .notImplemented)
        let two = DNSMessage(id: 6, questions: [DNSQuestion(name: DNSName("a.example")!, type: .a), DNSQuestion(name: DNSName("b.example")!, type: .a)]).buffer
        #expect(try Self.answers(proxy.query(two, from: Self.client, now: .zero, random: &random)).first?.responseCode == .formatError)
    }

    @Test func answersFitTheClient() throws {
        var proxy = DNSProxy(settings: try Self.settings(["dns static a a.example 192.0.2.1"]))
        var random = SeededGenerator(seed: 12)
        // A client that sent OPT gets OPT back.
        let withOPT = try Self.answers(proxy.query(Self.query("a.example", edns: 1232), from: Self.client, now: .zero, random: &random))
        #expect(withOPT.first?.additionals.first?.type == .opt)
        // An upstream answer too large for a client without EDNS reaches it truncated.
        let up = try #require(Self.sent(proxy.query(Self.query("big.example"), from: Self.client, now: .zero, random: &random)).first)
        let many = (0..<40).map { Self.a("big.example", IPv4Address(192, 0, 2, UInt8($0))) }
        let back = try Self.answers(proxy.answer(try Self.answer(up.message, records: many), from: Self.server1, serverPort: 53, to: up.port, now: .zero))
        #expect(back.first?.isTruncated == true && back.first?.answers.isEmpty == true && back.first?.id == 0x1111)
    }
}
