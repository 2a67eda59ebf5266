import Testing
import Wire
@testable import Config

/// The `dns ...` rows and `ip host`: every form, its errors, its `no` form and its default.
@Suite struct DNSCommandTests {
    static func config(_ lines: [String]) throws -> Config {
        var config = Config()
        var context = ConsoleContext()
        for line in lines { #expect(try config.execute(line, context: &context)) }
        return config
    }

    static func error(_ line: String) -> ConfigError.Reason? {
        var config = Config()
        var context = ConsoleContext()
        do { _ = try config.execute(line, context: &context) } catch { return error.reason }
        return nil
    }

    @Test func defaultsAreTheReference() {
        let dns = Config().dns
        #expect(dns.effectiveService == .recursive)
        #expect(dns.effectiveHosts == .any)
        #expect(dns.effectiveCacheUse && dns.effectiveCacheMaxEntry == 256)
        #expect(!dns.effectivePrivateAddressSpoof && !dns.effectiveAAAAFilter && !dns.effectiveFallback)
        #expect(dns.effectiveSourcePorts == 10000...10999)
        #expect(dns.effectiveNoticeOrder(.dhcp) == [.me, .server] && dns.effectiveNoticeOrder(.msext) == [.me, .server])
        #expect(dns.effectiveNoticeOrder(.dhcpv6) == [.me])
        #expect(Config().lines().isEmpty && Config.factoryDefault().lines().allSatisfy { !$0.hasPrefix("dns") })
    }

    @Test func valuesAreTyped() throws {
        let dns = try Self.config([
            "dns server 8.8.8.8 edns=on 1.1.1.1 9.9.9.9 edns=off 8.8.4.4",
            "dns static ptr 192.168.100.20 printer.example.jp ttl=4294967295",
            "dns static mx example.jp mail.example.jp",
            "ip host PC1.example.jp 192.168.100.10",
            "dns host lan1 192.168.1.1-192.168.1.9",
            "dns srcport 53",
            "dns domain .",
        ]).dns
        #expect(dns.servers == [DNSServerAddress(address: IPv4Address(8, 8, 8, 8), edns: true), DNSServerAddress(address: IPv4Address(1, 1, 1, 1)),
                                DNSServerAddress(address: IPv4Address(9, 9, 9, 9), edns: false), DNSServerAddress(address: IPv4Address(8, 8, 4, 4))])
        let ptr = DNSStaticKey(type: .ptr, name: DNSName("20.100.168.192.in-addr.arpa")!)
        #expect(dns.statics[ptr] == DNSStaticValue(value: .name(DNSName("printer.example.jp")!), ttl: UInt32.max))
        #expect(dns.statics[DNSStaticKey(type: .mx, name: DNSName("example.jp")!)]?.effectiveTTL == 1)
        #expect(dns.ipHosts[DNSName("pc1.example.jp")!]?.address == IPv4Address(192, 168, 100, 10))
        #expect(dns.hosts == .list([.interface(.lan1), .range(IPv4Address(192, 168, 1, 1), IPv4Address(192, 168, 1, 9))]))
        #expect(dns.sourcePorts == 53...53)
        #expect(dns.domain == "")
    }

    @Test(arguments: [
        ("dns service on", ConfigError.Reason.invalidParameter),
        ("dns service", .parameterCount),
        ("dns service recursive off", .parameterCount),
        ("dns server", .parameterCount),
        ("dns server 8.8.8.8 1.1.1.1 9.9.9.9 8.8.4.4 1.0.0.1", .parameterCount),
        ("dns server edns=on 8.8.8.8", .invalidParameter),
        ("dns server 8.8.8.8 edns=on edns=off", .invalidParameter),
        ("dns server 8.8.8.8 edns=maybe", .invalidParameter),
        ("dns server 2001:db8::1", .invalidParameter),
        ("dns server pp 0", .invalidParameter),
        ("dns server pp 1 edns", .invalidParameter),
        ("dns server dhcp tunnel1", .invalidParameter),
        ("dns server dhcp lan9", .invalidParameter),
        ("dns static txt a.example b", .invalidParameter),
        ("dns static a host.example 300.1.1.1", .invalidParameter),
        ("dns static aaaa host.example 1::2::3", .invalidParameter),
        ("dns static ptr host.example name.example", .invalidParameter),
        ("dns static a host.example 192.0.2.1 ttl=0", .invalidParameter),
        ("dns static a host.example 192.0.2.1 ttl=4294967296", .invalidParameter),
        ("dns static a host.example 192.0.2.1 300", .invalidParameter),
        ("dns static a bad..name 192.0.2.1", .invalidParameter),
        ("dns static a host.example", .parameterCount),
        ("ip host host.example", .parameterCount),
        ("ip host host.example 192.0.2.1 ttl=x", .invalidParameter),
        ("dns notice order dhcp", .parameterCount),
        ("dns notice order dhcp me me", .invalidParameter),
        ("dns notice order dhcp none me", .invalidParameter),
        ("dns notice order ipcp me", .invalidParameter),
        ("dns private address spoof yes", .invalidParameter),
        ("dns srcport 0", .invalidParameter),
        ("dns srcport 2000-1000", .invalidParameter),
        ("dns srcport 1-2-3", .invalidParameter),
        ("dns host", .parameterCount),
        ("dns host any none", .invalidParameter),
        ("dns host 192.168.1.9-192.168.1.1", .invalidParameter),
        ("dns host tunnel1", .invalidParameter),
        ("dns cache use", .parameterCount),
        ("dns cache max entry 0", .invalidParameter),
        ("dns cache max entry 1025", .invalidParameter),
        ("dns domain a..b", .invalidParameter),
    ])
    func refuses(line: String, reason: ConfigError.Reason) {
        #expect(Self.error(line) == reason, "\(line)")
    }

    /// Each `no` form, bare and with the setting's parameters, leaves the default.
    @Test(arguments: [
        ("dns service off", "no dns service"), ("dns service off", "no dns service off"),
        ("dns service fallback on", "no dns service fallback on"), ("dns service aaaa filter on", "no dns service aaaa filter"),
        ("dns server 8.8.8.8 1.1.1.1", "no dns server"), ("dns server 8.8.8.8", "no dns server 8.8.8.8 edns=on"),
        ("dns server pp 2", "no dns server pp"), ("dns server pp 2", "no dns server pp 2"),
        ("dns server dhcp lan2 edns=on", "no dns server dhcp"),
        ("dns domain example.jp", "no dns domain"), ("dns domain example.jp", "no dns domain example.jp"),
        ("dns static a a.example 192.0.2.1", "no dns static a a.example"),
        ("dns static a a.example 192.0.2.1", "no dns static a A.EXAMPLE 192.0.2.1"),
        ("dns static ptr 192.0.2.1 a.example", "no dns static ptr 192.0.2.1"),
        ("ip host a.example 192.0.2.1", "no ip host a.example"), ("ip host a.example 192.0.2.1", "no ip host a.example 192.0.2.1"),
        ("dns notice order dhcp me", "no dns notice order dhcp"), ("dns notice order dhcp me", "no dns notice order dhcp none"),
        ("dns private address spoof on", "no dns private address spoof"),
        ("dns srcport 5353", "no dns srcport"), ("dns srcport 5353", "no dns srcport 5353-5400"),
        ("dns host lan1", "no dns host"),
        ("dns cache use off", "no dns cache use"), ("dns cache max entry 10", "no dns cache max entry 10"),
    ])
    func noForm(set: String, remove: String) throws {
        let config = try Self.config([set, remove])
        #expect(config == Config(), "\(set) / \(remove): \(config.lines())")
    }

    @Test func noFormChecksItsParameters() {
        #expect(Self.error("no dns static a a.example 300.0.0.1") == .invalidParameter)
        #expect(Self.error("no dns static a") == .parameterCount)
        #expect(Self.error("no dns notice order") == .parameterCount)
        #expect(Self.error("no dns cache max entry 2000") == .invalidParameter)
    }

    @Test func laterLinesReplace() throws {
        let config = try Self.config(["dns server 8.8.8.8", "dns server 1.1.1.1", "dns static a a.example 192.0.2.1",
                                      "dns static a a.example 192.0.2.2", "dns host lan1", "dns host any"])
        #expect(config.lines() == ["dns host any", "dns server 1.1.1.1", "dns static a a.example 192.0.2.2"])
        // Names compare without case; the spelling typed last is shown.
        let spelled = try Self.config(["dns static a A.Example 192.0.2.1", "dns static a a.example 192.0.2.2",
                                       "ip host PC.example 192.0.2.3", "ip host pc.EXAMPLE 192.0.2.4"])
        #expect(spelled.lines() == ["ip host pc.EXAMPLE 192.0.2.4", "dns static a a.example 192.0.2.2"])
    }

    @Test func dnsLinesFollowDHCPLines() throws {
        let text = "dhcp scope 1 192.168.100.2-192.168.100.191/24\ndns server 8.8.8.8\ndns private address spoof on\nl2tp service on\n"
        #expect(try Config.parse(text).text == text)
    }
}

/// `dns server select`: the forms of the reference and of published configs.
@Suite struct DNSServerSelectTests {
    static func select(_ line: String) throws -> DNSServerSelect? {
        var config = Config()
        var context = ConsoleContext()
        _ = try config.execute(line, context: &context)
        #expect(try Config.parse(config.text) == config)
        #expect(config.lines() == [line], "printed back as typed")
        return config.dns.serverSelects.values.first
    }

    @Test func forms() throws {
        let one = try #require(try Self.select("dns server select 1 8.8.8.8 any ."))
        #expect(one.target == .servers([DNSServerAddress(address: IPv4Address(8, 8, 8, 8))]) && one.type == "any" && one.query == .domain(.root))
        let pp = try #require(try Self.select("dns server select 2 pp 1 edns=on 9.9.9.9 mx example.jp 192.168.100.5 restrict pp 1"))
        #expect(pp.target == .pp(peer: 1, edns: true, fallback: DNSServerAddress(address: IPv4Address(9, 9, 9, 9))))
        #expect(pp.sender == IPv4Address(192, 168, 100, 5)...IPv4Address(192, 168, 100, 5) && pp.restrictPP == 1)
        let ptr = try #require(try Self.select("dns server select 3 192.0.2.53 ptr 192.168.0.0/16"))
        #expect(ptr.query == .network(IPv4Prefix("192.168.0.0/16")!))
        #expect(try Self.select("dns server select 4 192.0.2.53 ptr 192.168.1.1")?.query == .network(IPv4Prefix("192.168.1.1/32")!))
        #expect(try Self.select("dns server select 5 reject NetVolante.*")?.query == .pattern("NetVolante.*"))
        // A domain that looks like a type is a domain when nothing follows it.
        #expect(try Self.select("dns server select 8 8.8.8.8 a")?.query == .domain(DNSName("a")!))
        #expect(try Self.select("dns server select 9 8.8.8.8 8.8.4.4 example.jp")?.target
            == .servers([DNSServerAddress(address: IPv4Address(8, 8, 8, 8)), DNSServerAddress(address: IPv4Address(8, 8, 4, 4))]))
    }

    @Test(arguments: [
        ("dns server select 1", ConfigError.Reason.parameterCount),
        ("dns server select 0 8.8.8.8 .", .invalidParameter),
        ("dns server select 1 8.8.8.8", .parameterCount),
        ("dns server select 1 2001:db8::1 any .", .invalidParameter),
        ("dns server select 1 8.8.8.8 ptr 0.0.0.0/0", .invalidParameter),
        ("dns server select 1 8.8.8.8 ptr example.jp", .invalidParameter),
        ("dns server select 1 reject a*b", .invalidParameter),
        ("dns server select 1 reject . restrict pp 1", .invalidParameter),
        ("dns server select 1 8.8.8.8 . 10.0.0.9-10.0.0.1", .invalidParameter),
        ("dns server select 1 8.8.8.8 . restrict pp", .invalidParameter),
        ("dns server select 1 8.8.8.8 . 10.0.0.1 extra", .parameterCount),
        ("dns server select 1 dhcp tunnel1 .", .invalidParameter),
        ("dns server select 1 pp 0 .", .invalidParameter),
        ("dns server select 1 8.8.8.8 edns=yes .", .invalidParameter),
    ])
    func refuses(line: String, reason: ConfigError.Reason) {
        #expect(DNSCommandTests.error(line) == reason, "\(line)")
    }

    @Test func noForm() throws {
        let config = try DNSCommandTests.config(["dns server select 1 8.8.8.8 any .", "dns server select 2 reject x.example",
                                                 "no dns server select 1"])
        #expect(config.lines() == ["dns server select 2 reject x.example"])
    }

    @Test func matching() throws {
        let pc = IPv4Address(192, 168, 100, 2)
        func q(_ name: String, _ type: DNSType = .a) -> DNSQuestion { DNSQuestion(name: DNSName(name)!, type: type) }
        let domain = try #require(try Self.select("dns server select 1 8.8.8.8 yamaha.co.jp"))
        #expect(domain.matches(q("rtpro.YAMAHA.co.jp"), from: pc) && domain.matches(q("yamaha.co.jp"), from: pc))
        #expect(!domain.matches(q("notyamaha.co.jp"), from: pc) && !domain.matches(q("rtpro.yamaha.co.jp", .aaaa), from: pc))
        let ptr = try #require(try Self.select("dns server select 1 8.8.8.8 ptr 10.0.0.0/8"))
        #expect(ptr.matches(q("4.3.2.10.in-addr.arpa", .ptr), from: pc) && !ptr.matches(q("4.3.2.11.in-addr.arpa", .ptr), from: pc))
        let reject = try #require(try Self.select("dns server select 1 reject any *.ads.example 192.168.100.1-192.168.100.9"))
        #expect(reject.matches(q("x.ADS.example", .aaaa), from: pc) && !reject.matches(q("x.ads.example"), from: IPv4Address(192, 168, 100, 10)))
        let prefix = try #require(try Self.select("dns server select 1 reject NetVolante.*"))
        #expect(prefix.matches(q("netvolante.rtpro.yamaha.co.jp"), from: pc) && !prefix.matches(q("www.netvolante.jp"), from: pc))
    }
}

@Suite struct DNSWarningTests {
    @Test func serversSoftRTXCannotLearnAreWarnedAbout() throws {
        // A PPPoE PP learns its DNS servers by IPCP: `dns server pp` is no warning.
        #expect(try Config.parse("dns server pp 1").dnsWarnings.isEmpty)
        #expect(try Config.parse("dns server dhcp lan2").dnsWarnings.first?.hasPrefix("dns server dhcp lan2: SoftRTX has no DHCP client") == true)
        #expect(try Config.parse("dns server pp 1\ndns server dhcp lan2").dnsWarnings.count == 1)
        // `dns server` comes first, and with the service off nothing is asked.
        #expect(try Config.parse("dns server dhcp lan2\ndns server 8.8.8.8").dnsWarnings.isEmpty)
        #expect(try Config.parse("dns server dhcp lan2\ndns service off").dnsWarnings.isEmpty)
        #expect(Config().dnsWarnings.isEmpty)
        let selects = try Config.parse("dns server select 1 pp 1 .\ndns server select 2 dhcp lan2 8.8.8.8 .\ndns server select 3 8.8.8.8 . restrict pp 1").dnsWarnings
        #expect(selects.count == 2 && selects[0].hasPrefix("dns server select 1: SoftRTX does not take a select table's servers from pp 1")
                && selects[1].hasPrefix("dns server select 3: restrict pp 1"))
    }
}
