import Testing
@testable import Config

/// `ip filter`, `ip filter dynamic`, `ip IF secure filter`, `ip IF intrusion detection`: every
/// grammar form, every error, `no` forms and the round trip through `show config`.
@Suite struct FilterCommandTests {
    func run(_ lines: [String]) throws -> Config {
        var config = Config()
        var context = ConsoleContext()
        for line in lines { #expect(try config.execute(line, context: &context)) }
        return config
    }

    func error(_ line: String, after setup: [String] = []) throws -> ConfigError.Reason? {
        var config = try run(setup)
        let before = config
        var context = ConsoleContext()
        do {
            _ = try config.execute(line, context: &context)
            return nil
        } catch {
            #expect(config == before, "a refused line changes nothing")
            return error.reason
        }
    }

    /// YAMAHA's published filter set for a PPPoE/LAN2 WAN, as its setting examples give it.
    static let yamahaSet = """
    ip lan2 address 203.0.113.2/24
    ip lan2 secure filter in 200003 200020 200021 200022 200023 200024 200025 200030 200032
    ip lan2 secure filter out 200020 200021 200022 200023 200024 200025 200026 200027 200099 dynamic 200080 200081 200082 200083 200084 200085 200098 200099
    ip lan2 intrusion detection in on reject=on
    ip lan2 nat descriptor 1000
    ip filter 200003 reject 192.168.0.0/16 * * * *
    ip filter 200020 reject * * udp,tcp 135 *
    ip filter 200021 reject * * udp,tcp * 135
    ip filter 200022 reject * * udp,tcp netbios_ns-netbios_ssn *
    ip filter 200023 reject * * udp,tcp * netbios_ns-netbios_ssn
    ip filter 200024 reject * * udp,tcp 445 *
    ip filter 200025 reject * * udp,tcp * 445
    ip filter 200026 restrict * * tcpfin * www,21,nntp
    ip filter 200027 restrict * * tcprst * www,21,nntp
    ip filter 200030 pass * 192.168.100.0/24 icmp * *
    ip filter 200032 pass * 192.168.100.0/24 tcp * ident
    ip filter 200099 pass * * * * *
    ip filter dynamic 200080 * * ftp
    ip filter dynamic 200081 * * domain
    ip filter dynamic 200082 * * www
    ip filter dynamic 200083 * * smtp
    ip filter dynamic 200084 * * pop3
    ip filter dynamic 200085 * * submission
    ip filter dynamic 200098 * * tcp
    ip filter dynamic 200099 * * udp
    nat descriptor type 1000 masquerade
    """

    @Test func yamahaSetRoundTripsInRTXOrder() throws {
        let config = try Config.parse(FilterCommandTests.yamahaSet)
        #expect(config.text == FilterCommandTests.yamahaSet + "\n")
        #expect(try Config.parse(config.text) == config)
        #expect(config.ipFilters.count == 12 && config.ipDynamicFilters.count == 8)
        #expect(config.interfaces[.lan2]?.secureFilters[.out]?.dynamic == [200080, 200081, 200082, 200083, 200084, 200085, 200098, 200099])
    }

    @Test func shortLinesPrintAsTyped() throws {
        let config = try run(["ip filter 200039 reject *", "ip filter 200105 pass * * esp", "ip filter 1 pass-log * * icmp 8"])
        #expect(config.lines() == ["ip filter 1 pass-log * * icmp 8", "ip filter 200039 reject *", "ip filter 200105 pass * * esp"])
        #expect(config.ipFilters[200039]?.destination == nil)
    }

    @Test func addressForms() throws {
        let config = try run(["ip filter 1 pass 192.168.0.0/255.255.255.0,10.0.0.1-10.0.0.9,172.16.*.* -10.0.0.5,10.9.0.0/0xffff0000 tcp"])
        let filter = try #require(config.ipFilters[1])
        // Masks print as lengths; the rest as typed.
        #expect(filter.description == "pass 192.168.0.0/24,10.0.0.1-10.0.0.9,172.16.*.* -10.0.0.5,10.9.0.0/16 tcp")
        #expect(filter.source.items.count == 3)
        guard case let .octets(mask, value, _) = filter.source.items[2] else { Issue.record("octets"); return }
        #expect(mask == 0xFFFF_0000 && value == 0xAC10_0000)
    }

    @Test func protocolAndPortForms() throws {
        let config = try run([
            "ip filter 1 pass * * tcpflag=0x0002/0x0017 * www,https",
            "ip filter 2 reject * * udp dhcps,dhcpc dhcps,dhcpc",
            "ip filter 3 pass * * tcp,udp,47,icmp-error,established 1024- -1023",
            "ip filter 4 pass * * tcpflag!=0x10/0x10 ftp 6000-6063",
        ])
        #expect(config.ipFilters[1]?.proto?.items == [.tcpFlag(value: 2, mask: 0x17, equal: true)])
        #expect(config.ipFilters[1]?.destinationPorts?.items.map(\.range) == [80...80, 443...443])
        #expect(config.ipFilters[3]?.sourcePorts?.items.map(\.range) == [1024...65535])
        #expect(config.ipFilters[3]?.destinationPorts?.items.map(\.range) == [0...1023])
        #expect(config.ipFilters[4]?.sourcePorts?.items.map(\.range) == [20...21])
        #expect(try Config.parse(config.text) == config)
    }

    @Test(arguments: [
        ("ip filter 0 pass * *", ConfigError.Reason.invalidParameter),
        ("ip filter 21474837 pass * *", .invalidParameter),
        ("ip filter 1 allow * *", .invalidParameter),
        ("ip filter 1 pass", .parameterCount),
        ("ip filter 1 pass * * * * * extra", .parameterCount),
        ("ip filter 1 pass 192.168.1.300 *", .invalidParameter),
        ("ip filter 1 pass 192.168.1.0/33 *", .invalidParameter),
        ("ip filter 1 pass 192.168.1.0/255.0.255.0 *", .invalidParameter),
        ("ip filter 1 pass 10.0.0.9-10.0.0.1 *", .invalidParameter),
        ("ip filter 1 pass www.example.com *", .invalidParameter),
        ("ip filter 1 pass 192.168.*.1x *", .invalidParameter),
        ("ip filter 1 pass *, *", .invalidParameter),
        ("ip filter 1 pass * * tcq", .invalidParameter),
        ("ip filter 1 pass * * 256", .invalidParameter),
        ("ip filter 1 pass * * tcpflag=2/0x17", .invalidParameter),
        ("ip filter 1 pass * * tcp wwww", .invalidParameter),
        ("ip filter 1 pass * * tcp 65536", .invalidParameter),
        ("ip filter 1 pass * * tcp 90-80", .invalidParameter),
        ("ip filter 1 pass * * tcp 1,2,3,4,5,6,7,8,9,10,11", .invalidParameter),
        ("ip filter dynamic 1 * *", .parameterCount),
        ("ip filter dynamic 1 * * gopherx", .invalidParameter),
        ("ip filter dynamic 1 * * www syslog=maybe", .invalidParameter),
        ("ip filter dynamic 1 * * www timeout=0", .invalidParameter),
        ("ip filter dynamic 1 * * www timeout=5 timeout=6", .invalidParameter),
        ("ip filter dynamic 1 * * filter", .parameterCount),
        ("ip filter dynamic 1 * * filter 10 in", .parameterCount),
        ("ip filter dynamic 1 * * filter 10 in 11 in 12", .invalidParameter),
        ("ip filter dynamic 1 * * www ftp", .parameterCount),
        ("ip lan2 secure filter in", .parameterCount),
        ("ip lan2 secure filter up 1", .invalidParameter),
        ("ip lan2 secure filter in 1 dynamic", .parameterCount),
        ("ip lan2 secure filter in 1 dynamic 2 dynamic 3", .invalidParameter),
        ("ip lan2 secure filter in 0", .invalidParameter),
        ("ip lan9 secure filter in 1", .invalidParameter),
        ("ip tunnel secure filter in 1", .tunnelNotSelected),
        ("ip lan2 intrusion detection in", .parameterCount),
        ("ip lan2 intrusion detection sideways on", .invalidParameter),
        ("ip lan2 intrusion detection in tcp", .parameterCount),
        ("ip lan2 intrusion detection in smtp on", .invalidParameter),
        ("ip lan2 intrusion detection in on reject=yes", .invalidParameter),
        ("ip lan2 intrusion detection in tcp on reject=on extra", .parameterCount),
        ("no ip filter 1 pass * *", .parameterCount),
        ("no ip filter 1 allow", .invalidParameter),
        ("no ip filter x", .invalidParameter),
    ])
    func errors(line: String, reason: ConfigError.Reason) throws {
        #expect(try error(line) == reason)
    }

    @Test func aListOf129IsTheLimit() throws {
        let list = (1...129).map(String.init).joined(separator: " ")
        #expect(try error("ip lan2 secure filter in \(list)") == nil)
        #expect(try error("ip lan2 secure filter in \(list) dynamic 1") == .invalidParameter)
    }

    @Test func dynamicForms() throws {
        let config = try run([
            "ip filter 10 pass * * udp * snmp",
            "ip filter dynamic 1 * * filter 10",
            "ip filter dynamic 2 192.168.100.0/24 * filter 10 11 in 12 out 13 14 syslog=off timeout=120",
            "ip filter dynamic 3 * * www syslog=off",
            "ip filter dynamic 4 * * ping timeout=60",
        ])
        #expect(config.ipDynamicFilters[2]?.kind == .filters(trigger: [10, 11], inbound: [12], outbound: [13, 14]))
        #expect(config.ipDynamicFilters[2]?.timeout == 120 && config.ipDynamicFilters[2]?.effectiveSyslog == false)
        #expect(config.ipDynamicFilters[1]?.effectiveSyslog == true, "syslog=on is the default")
        #expect(config.lines().contains("ip filter dynamic 2 192.168.100.0/24 * filter 10 11 in 12 out 13 14 syslog=off timeout=120"))
        #expect(try Config.parse(config.text) == config)
    }

    @Test func tunnelListsPrintInTheTunnelBlock() throws {
        let config = try run([
            "tunnel select 1", "tunnel encapsulation l2tpv3-raw",
            "ip tunnel secure filter in 200030 200039", "ip tunnel secure filter out 200099 dynamic 200098",
            "ip tunnel intrusion detection in on", "tunnel enable 1", "tunnel select none",
            "ip filter 200099 pass * * * * *",
        ])
        #expect(config.lines() == [
            "tunnel select 1", " tunnel encapsulation l2tpv3-raw",
            " ip tunnel secure filter in 200030 200039", " ip tunnel secure filter out 200099 dynamic 200098",
            " ip tunnel intrusion detection in on", " tunnel enable 1",
            "ip filter 200099 pass * * * * *",
        ])
        #expect(try Config.parse(config.text) == config)
    }

    @Test func intrusionDetectionLinesAndDefaults() throws {
        let config = try run([
            "ip lan2 intrusion detection out on", "ip lan2 intrusion detection in tcp off",
            "ip lan2 intrusion detection in on reject=on", "ip lan2 intrusion detection in ip-option on reject=off",
        ])
        #expect(config.lines() == [
            "ip lan2 intrusion detection in on reject=on", "ip lan2 intrusion detection in ip-option on reject=off",
            "ip lan2 intrusion detection in tcp off", "ip lan2 intrusion detection out on",
        ])
        let ids = try #require(config.interfaces[.lan2]?.intrusionDetection)
        #expect(ids.watches(.icmp, .in) && !ids.watches(.tcp, .in) && ids.watches(.tcp, .out))
        #expect(ids.rejects(.icmp, .in) && !ids.rejects(.ipOption, .in) && !ids.rejects(.icmp, .out))
        #expect(!Config().effectiveInterface(.lan1).intrusionDetection.watches(.ip, .in), "off unless set on")
        #expect(try Config.parse(config.text) == config)
    }

    @Test func noForms() throws {
        var config = try Config.parse(FilterCommandTests.yamahaSet)
        var context = ConsoleContext()
        for line in ["no ip filter 200003", "no ip filter 200020 reject", "no ip filter dynamic 200099",
                     "no ip lan2 secure filter in 200003 200020", "no ip lan2 intrusion detection in on reject=on"] {
            #expect(try config.execute(line, context: &context))
        }
        #expect(config.ipFilters[200003] == nil && config.ipFilters[200020] == nil && config.ipDynamicFilters[200099] == nil)
        #expect(config.interfaces[.lan2]?.secureFilters[.in] == nil && config.interfaces[.lan2]?.secureFilters[.out] != nil)
        #expect(config.interfaces[.lan2]?.intrusionDetection.isEmpty == true)
        var typed = try run(["ip lan2 intrusion detection in tcp on", "ip lan2 intrusion detection in on"])
        _ = try typed.execute("no ip lan2 intrusion detection in tcp", context: &context)
        #expect(typed.lines() == ["ip lan2 intrusion detection in on"])
        _ = try typed.execute("no ip lan2 intrusion detection in", context: &context)
        #expect(typed.interfaces[.lan2] == nil, "an interface left with no setting goes")
    }
}

@Suite struct DynamicFilterTimerCommandTests {
    @Test func timerLineRoundTripsAndRefusesBadOptions() throws {
        var config = Config()
        var context = ConsoleContext()
        _ = try config.execute("ip filter dynamic timer udp-idle-time=90 tcp-syn-timeout=10", context: &context)
        #expect(config.lines() == ["ip filter dynamic timer tcp-syn-timeout=10 udp-idle-time=90"])
        #expect(try Config.parse(config.text) == config)
        for bad in ["ip filter dynamic timer", "ip filter dynamic timer udp-idle=9", "ip filter dynamic timer dns-timeout=0",
                    "ip filter dynamic timer dns-timeout=5 dns-timeout=6"] {
            #expect(throws: ConfigError.self) { _ = try config.execute(bad, context: &context) }
        }
        _ = try config.execute("no ip filter dynamic timer", context: &context)
        #expect(config.dynamicFilterTimers.isEmpty)
    }
}
