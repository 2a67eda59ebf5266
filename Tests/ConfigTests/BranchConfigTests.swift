import Foundation
import Testing
@testable import Config

/// A branch RTX830's `show config` (PPPoE WAN, filters, DNS proxy, L2TPv3/IPsec to head office,
/// management lines), from the fixture file.
@Suite struct BranchConfigTests {
    static let fixture: [String] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/branch-rtx830.conf")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }()

    /// The fixture's configuration lines: every line but the header comments.
    static let ours = fixture.filter { !$0.hasPrefix("#") }

    @Test func fixtureIsARealisticBranchConfig() {
        #expect(BranchConfigTests.fixture.count > 100)
        #expect(BranchConfigTests.ours.count > 90)
    }

    @Test func everyLineOfOursIsAcceptedAndShowConfigRoundTripsIt() throws {
        let checked = Config.check(BranchConfigTests.ours.joined(separator: "\n"))
        #expect(checked.errors == [])
        let config = try #require(checked.config)
        #expect(config.lines() == BranchConfigTests.ours)
        #expect(try Config.parse(config.text) == config)
    }

    @Test func linesWithoutEffectAreWarnedAndActingOnesAreNot() throws {
        let text = BranchConfigTests.ours.joined(separator: "\n")
        let warned = Set(Config.check(text).warnings.map(\.text))
        for line in ["login password encrypted 0a1b2c3d4e5f", "sshd service on", "schedule at 1 */* 03:00 * ntpdate ntp.nict.jp syslog",
                     "description tunnel head-office", "ip route 10.10.0.0/16 gateway tunnel 1 hide",
                     "netvolante-dns hostname host pp server=1 branch01.aa0.netvolante.jp"] {
            #expect(warned.contains(line), "\(line)")
        }
        // The PPPoE WAN acts: its PP settings, its `ip pp` lines, the route through it and `pp enable`.
        for line in ["ip lan1 address 192.168.10.1/24", "timezone +09:00", "syslog host 192.168.10.50", "tunnel enable 1",
                     "ip route 192.168.0.0/24 gateway tunnel 1", "description lan1 branch-lan", "description pp PRV/PPPoE/0:ISP", "statistics traffic on",
                     "pp always-on on", "ip route default gateway pp 1", "ip pp nat descriptor 1000", "pppoe use lan2",
                     "pp auth myname user@isp.example.jp secret123", "ppp ccp type none", "ip pp mtu 1454", "pp enable 1",
                     "pp keepalive interval 30 retry-interval=30 count=12", "ip pp tcp mss limit auto", "dns server pp 1"] {
            #expect(!warned.contains(line), "\(line)")
        }
        #expect(Config.check(text).warnings.allSatisfy { $0.reason == .acceptedNoEffect })
    }

    /// The filter and DNS lines act, on the PP too: none of them is warned about.
    @Test func filterAndDNSLinesAct() {
        let warned = Set(Config.check(BranchConfigTests.ours.joined(separator: "\n")).warnings.map(\.text))
        let acting = BranchConfigTests.ours.filter {
            let line = $0.trimmingCharacters(in: .whitespaces)
            return line.hasPrefix("dns ") || line.hasPrefix("ip filter ") || line.contains("secure filter") || line.contains("intrusion detection")
        }
        #expect(acting.count >= 30)
        for line in acting { #expect(!warned.contains(line.trimmingCharacters(in: .whitespaces)), "\(line)") }
    }

    /// `no` with the key removes each accepted line, in and out of `pp select` and `tunnel select`.
    @Test func noRemovesEachAcceptedLine() throws {
        var config = try Config.parse(BranchConfigTests.ours.joined(separator: "\n"))
        var context = ConsoleContext()
        for line in ["no login user admin", "no security class", "no ip keepalive 1", "no ethernet lan1 filter in",
                     "no schedule at 2", "no nat descriptor timer 1000", "no sshd host", "no statistics cpu",
                     "pp select 1", "no pppoe use", "no ppp lcp mru", "no netvolante-dns hostname host pp",
                     "tunnel select 1", "no ipsec ike always-on 1", "no description tunnel", "tunnel select none"] {
            _ = try config.execute(line, context: &context)
        }
        let shown = config.lines()
        for gone in ["login user admin encrypted 9f8e7d6c5b4a", "security class 1 on on off", "ip keepalive 1 icmp-echo 10 5 192.168.0.1",
                     "ethernet lan1 filter in 1 100", "schedule at 2 startup * lua /lua/check.lua", "nat descriptor timer 1000 1200",
                     "sshd host lan1", "statistics cpu on", " pppoe use lan2", " ppp lcp mru on 1454",
                     " netvolante-dns hostname host pp server=1 branch01.aa0.netvolante.jp", "  ipsec ike always-on 1 on",
                     " description tunnel head-office"] {
            #expect(!shown.contains(gone), "\(gone)")
        }
        #expect(shown.count == BranchConfigTests.ours.count - 13)
    }

    /// Typos and bad parameters in each kind of row are errors, and change nothing.
    @Test(arguments: [
        ("sshd servce on", ConfigError.Reason.invalidCommandName),
        ("loggin timer 300", .invalidCommandName),
        ("pppoe autoconnect on", .invalidCommandName),
        ("login timer 10", .invalidParameter),
        ("login timer", .parameterCount),
        ("sshd service maybe", .invalidParameter),
        ("sshd service on off", .parameterCount),
        ("telnetd host 192.168.1.300", .invalidParameter),
        ("console lines 5", .invalidParameter),
        ("security class 4 on", .invalidParameter),
        ("schedule at 1 */* 25:00 * ntpdate ntp.nict.jp", .invalidParameter),
        ("schedule at 1 */*", .parameterCount),
        ("nat descriptor ftp port 1 70000", .invalidParameter),
        ("user attribute admin colour=red", .invalidParameter),
        ("ethernet filter 513 pass * *", .invalidParameter),
        ("timezone +13:00", .invalidParameter),
        ("timezone jst utc", .parameterCount),
        ("syslog facility local8", .invalidParameter),
        ("syslog host 192.0.2.1 192.0.2.2 192.0.2.3 192.0.2.4 192.0.2.5", .parameterCount),
        ("pppoe use lan2", .ppNotSelected),
        ("pp select 151", .invalidParameter),
        ("ip route default gateway pp 0", .invalidParameter),
        ("ip route default gateway pp", .parameterCount),
        ("ip route default gateway 192.0.2.1 metric 16", .invalidParameter),
        ("ip route default gateway 192.0.2.1 metric", .parameterCount),
        ("ip route default gateway 192.0.2.1 colour 1", .invalidParameter),
        ("ip pp1 mtu 1454", .invalidParameter),
        ("description lan1 " + String(repeating: "x", count: 65), .invalidParameter),
        ("ipsec ike always-on 101 on", .invalidParameter),
    ])
    func badLinesAreErrors(line: String, reason: ConfigError.Reason) throws {
        #expect(Config.check(line).errors == [ConfigError(reason, text: line)])
        var config = try Config.parse(BranchConfigTests.ours.joined(separator: "\n"))
        let before = config
        var context = ConsoleContext()
        _ = try? config.execute(line, context: &context)
        #expect(config == before)
    }

    /// Retyping a setting replaces it; `ip lan2 address dhcp` and `ip lan2 address A/N` replace each other.
    @Test func retypedLinesReplace() throws {
        var config = Config()
        var context = ConsoleContext()
        for line in ["login timer 300", "login timer 600", "ip lan2 address 192.0.2.2/24", "ip lan2 address dhcp",
                     "pp select 2", "pp always-on on", "pp always-on off", "pp enable 2"] {
            _ = try config.execute(line, context: &context)
        }
        #expect(config.lines() == ["login timer 600", "ip lan2 address dhcp", "pp select 2", " pp always-on off", " pp enable 2"])
        _ = try config.execute("ip lan2 address 192.0.2.2/24", context: &context)
        #expect(config.lines().contains("ip lan2 address 192.0.2.2/24") && !config.lines().contains("ip lan2 address dhcp"))
        #expect(context == ConsoleContext(pp: 2))
        _ = try config.execute("tunnel select 1", context: &context)
        #expect(context == ConsoleContext(tunnel: 1))
    }

    /// L2TP/IPsec remote access: `pp select anonymous` and its lines, none of which acts (SoftRTX
    /// serves no remote access clients), typed or not.
    @Test func anonymousPP() throws {
        let lines = ["pp select anonymous", " pp bind tunnel1", " pp auth request mschap-v2", " pp auth username user1 secret1",
                     " ppp ipcp ipaddress on", " ip pp remote address pool 192.168.100.200-192.168.100.210", " pp enable anonymous"]
        let checked = Config.check(lines.joined(separator: "\n"))
        #expect(checked.errors == [] && checked.warnings.count == 6)
        #expect(checked.config?.lines() == lines)
    }
}
