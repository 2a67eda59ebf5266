import Foundation
import Testing
import Wire
@testable import Config

/// The PPPoE and PPP lines inside `pp select N` as typed `PPConfig`, and the lines around them that
/// act once SoftRTX has PPPoE (`ip pp ...`, routes through a PP, `pp enable`).
@Suite struct PPConfigTests {
    /// A FLET'S PPPoE WAN as an RTX830 shows it (`show config` order and form).
    static let flets = [
        "ip route default gateway pp 1",
        "ip lan1 address 192.168.100.1/24",
        "pp select 1",
        " description pp FLETS",
        " pp keepalive interval 30 retry-interval=30 count=12",
        " pp always-on on",
        " pppoe use lan2",
        " pppoe auto disconnect off",
        " pp auth accept pap chap",
        " pp auth myname user@flets.example.jp secret",
        " ppp lcp mru on 1454",
        " ppp ipcp ipaddress on",
        " ppp ipcp msext on",
        " ppp ccp type none",
        " ip pp mtu 1454",
        " ip pp secure filter in 200003 200020",
        " ip pp intrusion detection in on reject=on",
        " ip pp nat descriptor 1",
        " pp enable 1",
        "nat descriptor type 1 masquerade",
        "dns server pp 1",
    ]

    @Test func fletsBlockParsesIntoTypesAndRoundTrips() throws {
        let config = try Config.parse(PPConfigTests.flets.joined(separator: "\n"))
        #expect(config.lines() == PPConfigTests.flets)
        #expect(try Config.parse(config.text) == config)

        let pp = try #require(config.pps[1])
        var expected = PPConfig()
        expected.descriptionText = "FLETS"
        expected.keepaliveInterval = PPConfig.KeepaliveInterval(interval: 30, retryInterval: 30, count: 12)
        expected.alwaysOn = PPConfig.AlwaysOn(enabled: true)
        expected.pppoeInterface = .lan2
        expected.autoDisconnect = false
        expected.authAccept = [.pap, .chap]
        expected.authMyname = PPConfig.AuthName(name: "user@flets.example.jp", password: "secret")
        expected.mru = PPConfig.MRU(enabled: true, length: 1454)
        expected.ipcpIPAddress = true
        expected.ipcpMSExt = true
        expected.ccpType = PPConfig.CCPType.none
        #expect(pp == expected)
        #expect(config.ppEnabled == [1])
        #expect(config.routes[IPv4Prefix(address: .any, length: 0)] == .pp(1))
        #expect(config.interfaces[.pp(1)]?.mtu == 1454 && config.interfaces[.pp(1)]?.natDescriptor == 1)

        // What the router builds the PPPoE client from.
        #expect(pp.usesPPPoE && pp.effectiveAlwaysOn && pp.effectiveAutoConnect && !pp.effectiveAutoDisconnect)
        #expect(pp.effectiveAuthAccept == [.pap, .chap])
        #expect(pp.effectiveMRU == 1454 && pp.effectiveMagicNumber)
        #expect(pp.effectiveIPCPIPAddress && pp.effectiveIPCPMSExt && pp.effectiveCCPType == .none)
        #expect(pp.effectiveKeepaliveLCPEcho)
        #expect(pp.effectiveKeepaliveInterval == .seconds(30) && pp.effectiveKeepaliveRetryInterval == .seconds(30))
        #expect(pp.effectiveKeepaliveCount == 12)
    }

    /// `softrtx check` warns about none of the PPPoE lines (`show status pp` shows `description pp`).
    @Test func fletsLinesAct() {
        let checked = Config.check(PPConfigTests.flets.joined(separator: "\n"))
        #expect(checked.errors.isEmpty)
        #expect(checked.warnings.isEmpty)
        #expect(checked.config?.dnsWarnings == [])
    }

    /// Two enabled pps on one port: the second never connects, and `softrtx check` says so.
    @Test func twoPPsOnOnePortAreWarned() throws {
        let config = try Config.parse(["pp select 1", " pppoe use lan2", " pp enable 1", "pp select 2", " pppoe use lan2", " pp enable 2",
                                       "pp select 3", " pppoe use lan3", " pp enable 3", "pp select none"].joined(separator: "\n"))
        #expect(config.ppWarnings == ["pp 2: pppoe use lan2 as pp 1 does: SoftRTX runs one PPPoE session per port, so pp 2 never connects"])
        #expect(try Config.parse("pp select 1\n pppoe use lan2\n pp enable 1").ppWarnings.isEmpty)
    }

    @Test func unsetValuesTakeTheRTXDefaults() {
        let pp = Config().effectivePP(1)
        #expect(pp.isEmpty && !pp.usesPPPoE)
        #expect(pp.effectiveAutoConnect && pp.effectiveAutoDisconnect && pp.effectiveDisconnectTime == nil)
        #expect(pp.effectivePADIMaxRetry == 5 && pp.effectivePADIRestart == .milliseconds(3000))
        #expect(pp.effectivePADRMaxRetry == 5 && pp.effectivePADRRestart == .milliseconds(3000))
        #expect(!pp.effectiveAlwaysOn && pp.effectiveAlwaysOnReconnectTime == .seconds(60))
        #expect(pp.effectiveAuthAccept == [])
        #expect(pp.effectiveMRU == 1792 && pp.effectiveMagicNumber)
        #expect(pp.effectiveLCPRestart == .milliseconds(3000) && pp.effectiveLCPMaxConfigure == 10)
        #expect(pp.effectiveLCPMaxFailure == 10 && pp.effectiveLCPMaxTerminate == 2)
        #expect(pp.effectivePAPRestart == .milliseconds(3000) && pp.effectivePAPMaxAuthReq == 10)
        #expect(pp.effectiveCHAPRestart == .milliseconds(3000))
        #expect(!pp.effectiveIPCPIPAddress && !pp.effectiveIPCPMSExt)
        #expect(pp.effectiveIPCPRestart == .milliseconds(3000) && pp.effectiveIPCPMaxConfigure == 10)
        #expect(pp.effectiveIPCPMaxFailure == 10 && pp.effectiveIPCPMaxTerminate == 2)
        #expect(pp.effectiveCCPType == .stac)
        #expect(!pp.effectiveKeepaliveLCPEcho)
        #expect(pp.effectiveKeepaliveInterval == .seconds(30) && pp.effectiveKeepaliveRetryInterval == .seconds(1))
        #expect(pp.effectiveKeepaliveCount == 6)
        #expect(Config().lines().isEmpty)
    }

    @Test func setValuesOverrideTheDefaults() throws {
        let config = try Config.parse("""
            pp select 2
             pp keepalive use off
             pp always-on on 120
             pppoe use lan3
             pppoe disconnect time 600
             pppoe padi maxretry 3
             pppoe padi restart 1000
             pp auth accept chap
             ppp lcp mru off
             ppp lcp restart 500
            """)
        let pp = config.effectivePP(2)
        #expect(!pp.effectiveKeepaliveLCPEcho && pp.effectiveAlwaysOn && pp.effectiveAlwaysOnReconnectTime == .seconds(120))
        #expect(pp.pppoeInterface == .lan3 && pp.effectiveDisconnectTime == .seconds(600))
        #expect(pp.effectivePADIMaxRetry == 3 && pp.effectivePADIRestart == .milliseconds(1000))
        // `pp auth accept` without `pp auth myname`: an RTX refuses to authenticate.
        #expect(pp.authAccept == [.chap] && pp.effectiveAuthAccept == [])
        #expect(pp.effectiveMRU == nil && pp.effectiveLCPRestart == .milliseconds(500))
    }

    /// Every PP command, typed and accepted, once, already in `show config` order: the typed lines
    /// interleave with the accepted ones as on an RTX.
    static let everyCommand = [
        "pp select 3",
        " pp bind tunnel2",
        " pp keepalive interval 20 retry-interval=5 count=4 time=100",
        " pp keepalive use lcp-echo",
        " pp keepalive log on",
        " pp always-on on 90",
        " pppoe use lan2",
        " pppoe access concentrator AC-01",
        " pppoe auto connect off",
        " pppoe auto disconnect on",
        " pppoe call prohibit auth-error count off",
        " pppoe disconnect time off",
        " pppoe invalid-session forced close off",
        " pppoe padi maxretry 10",
        " pppoe padi restart 20",
        " pppoe padr maxretry 1",
        " pppoe padr restart 10000",
        " pppoe service-name internet",
        " pp auth request chap-pap arrive-only",
        " pp auth accept chap pap mschap-v2",
        " pp auth myname me pass",
        " pp auth username peer secret",
        " ppp lcp mru on 1280",
        " ppp lcp magicnumber off",
        " ppp lcp accm on",
        " ppp lcp restart 1000",
        " ppp lcp maxconfigure 3",
        " ppp lcp maxfailure 4",
        " ppp lcp maxterminate 5",
        " ppp pap restart 2000",
        " ppp pap maxauthreq 6",
        " ppp chap restart 2500",
        " ppp chap maxchallenge 7",
        " ppp ipcp ipaddress off",
        " ppp ipcp msext off",
        " ppp ipcp vjc off",
        " ppp ipcp restart 4000",
        " ppp ipcp maxconfigure 8",
        " ppp ipcp maxfailure 9",
        " ppp ipcp maxterminate 1",
        " ppp ccp type mppe-128",
        " ppp ipv6cp use off",
        " ip pp address 203.0.113.5/32",
        " ip pp mtu 1454",
        " ip pp tcp mss limit 1414",
        " netvolante-dns use pp auto",
        " pp enable 3",
    ]

    @Test func everyCommandRoundTrips() throws {
        let config = try Config.parse(PPConfigTests.everyCommand.joined(separator: "\n"))
        #expect(config.lines() == PPConfigTests.everyCommand)
        #expect(try Config.parse(config.text) == config)
        let pp = try #require(config.pps[3])
        #expect(pp.bind == [.tunnel(2)])
        #expect(pp.keepaliveInterval == PPConfig.KeepaliveInterval(interval: 20, retryInterval: 5, count: 4, time: 100))
        #expect(pp.keepaliveUse == PPConfig.KeepaliveUse(lcpEcho: true))
        #expect(pp.alwaysOn == PPConfig.AlwaysOn(enabled: true, reconnectTime: 90))
        #expect(pp.accessConcentrator == "AC-01" && pp.serviceName == "internet")
        #expect(pp.autoConnect == false && pp.autoDisconnect == true && pp.disconnectTime == .off)
        #expect(pp.padiMaxRetry == 10 && pp.padiRestart == 20 && pp.padrMaxRetry == 1 && pp.padrRestart == 10000)
        #expect(pp.authRequest == PPConfig.AuthRequest(.chapPAP, arriveOnly: true))
        #expect(pp.authAccept == [.chap, .pap, .mschapV2])
        #expect(pp.mru == PPConfig.MRU(enabled: true, length: 1280) && pp.magicNumber == false)
        #expect(pp.lcpRestart == 1000 && pp.lcpMaxConfigure == 3 && pp.lcpMaxFailure == 4 && pp.lcpMaxTerminate == 5)
        #expect(pp.papRestart == 2000 && pp.papMaxAuthReq == 6 && pp.chapRestart == 2500)
        #expect(pp.ipcpRestart == 4000 && pp.ipcpMaxConfigure == 8 && pp.ipcpMaxFailure == 9 && pp.ipcpMaxTerminate == 1)
        #expect(pp.ccpType == .mppe128)
        #expect(config.interfaces[.pp(3)]?.address == IPv4Prefix("203.0.113.5/32"))
    }

    /// The printer's order names every PP command, typed or accepted, so none prints out of place.
    @Test func printOrderCoversEveryPPCommand() {
        let ordered = Set(ConfigPrinter.ppCommandOrder)
        #expect(ordered.count == ConfigPrinter.ppCommandOrder.count)
        for command in Command.pp.map({ $0.words.joined(separator: " ") }) { #expect(ordered.contains(command), "\(command)") }
        for row in AcceptedRow.table where row.scope == .pp && row.placement == .pp { #expect(ordered.contains(row.words), "\(row.words)") }
    }

    /// Lines typed in another order print in RTX order; retyping a setting replaces it.
    @Test func linesPrintInRTXOrderAndReplace() throws {
        var config = Config()
        var context = ConsoleContext()
        for line in ["pp select 1", "ppp ccp type none", "pp auth myname a b", "pppoe use lan2", "pp keepalive interval 30",
                     "pp keepalive interval 10 count=3 retry-interval=2", "pp auth myname user pass", "pp enable 1"] {
            #expect(try config.execute(line, context: &context))
        }
        #expect(config.lines() == ["pp select 1", " pp keepalive interval 10 retry-interval=2 count=3", " pppoe use lan2",
                                   " pp auth myname user pass", " ppp ccp type none", " pp enable 1"])
    }

    @Test(arguments: [
        ("pp keepalive use off", PPConfig.KeepaliveUse.off, true),
        ("pp keepalive use lcp-echo", PPConfig.KeepaliveUse(lcpEcho: true), true),
        ("pp keepalive use icmp-echo 192.0.2.1 downwait=500", PPConfig.KeepaliveUse(lcpEcho: false, icmpEcho: ["192.0.2.1", "downwait=500"]), false),
        ("pp keepalive use lcp-echo icmp-echo 192.0.2.1 192.0.2.2 length=64", PPConfig.KeepaliveUse(lcpEcho: true, icmpEcho: ["192.0.2.1", "192.0.2.2", "length=64"]), false),
    ])
    func keepaliveUseForms(line: String, use: PPConfig.KeepaliveUse, acts: Bool) throws {
        let checked = Config.check("pp select 1\n\(line)")
        #expect(checked.config?.pps[1]?.keepaliveUse == use)
        #expect(checked.config?.lines() == ["pp select 1", " \(line)"])
        // ICMP Echo keepalive is kept without effect.
        #expect(checked.warnings.isEmpty == acts)
    }

    /// `no` with the key removes each typed setting; a PP left with nothing loses its block.
    @Test func noRemovesEachSetting() throws {
        var config = try Config.parse(PPConfigTests.everyCommand.joined(separator: "\n"))
        var context = ConsoleContext(pp: 3)
        for line in PPConfigTests.everyCommand.dropFirst() {
            let words = line.split(separator: " ").map(String.init)
            // The key is the command's words (`pp enable` takes its PP number).
            let command = try #require(Command.find(words[...]))
            let key = words.prefix(command.words.count + command.key).joined(separator: " ")
            #expect(try config.execute("no " + key, context: &context), "\(key)")
        }
        #expect(config == Config())
    }

    @Test(arguments: [
        ("no pppoe use lan2", true),
        ("no ppp lcp mru on 1454", true),
        ("no pp keepalive interval 30 retry-interval=30 count=12", true),
        ("no pppoe use lan9", false),
        ("no ppp lcp mru on 64", false),
        ("no pp auth accept pap pap", false),
    ])
    func noChecksTheRestOfTheLine(line: String, valid: Bool) throws {
        var config = try Config.parse(PPConfigTests.flets.joined(separator: "\n"))
        let before = config
        var context = ConsoleContext(pp: 1)
        if valid {
            #expect(try config.execute(line, context: &context))
            #expect(config != before)
        } else {
            #expect(throws: ConfigError(.invalidParameter, text: line)) { try config.execute(line, context: &context) }
            #expect(config == before)
        }
    }

    /// Bad PP lines are RTX errors with their line numbers, and the file applies nothing.
    @Test func errorsNameTheirLines() {
        let bad: [(String, ConfigError.Reason)] = [
            (" pppoe use lan9", .invalidParameter),
            (" pppoe use bridge1", .invalidParameter),
            (" ppp lcp mru on 1279", .invalidParameter),
            (" ppp lcp mru on 1793", .invalidParameter),
            (" pppoe padi maxretry 11", .invalidParameter),
            (" pppoe padr restart 19", .invalidParameter),
            (" pp keepalive interval 30 count=0", .invalidParameter),
            (" pp keepalive interval 30 count=3 count=4", .invalidParameter),
            (" pp keepalive interval 0", .invalidParameter),
            (" pp keepalive use icmp-echo", .parameterCount),
            (" pp keepalive use sometimes", .invalidParameter),
            (" pp auth accept pap pap", .invalidParameter),
            (" pp auth accept eap", .invalidParameter),
            (" pp auth myname onlyone", .parameterCount),
            (" pp auth myname \(String(repeating: "u", count: 65)) pass", .invalidParameter),
            (" pp auth request chap sometimes", .invalidParameter),
            (" ppp ccp type zip", .invalidParameter),
            (" pp always-on on 59", .invalidParameter),
            (" pp always-on maybe", .invalidParameter),
            (" pppoe disconnect time 0", .invalidParameter),
            (" pppoe service-name \(String(repeating: "s", count: 256))", .invalidParameter),
            (" pppoe access concentrator AC\u{7f}", .invalidParameter),
            (" pppoe auto connect on off", .parameterCount),
            (" pp bind pp1", .invalidParameter),
            (" pp bind tunnel1 tunnel1", .invalidParameter),
            (" ppp ipcp msext yes", .invalidParameter),
        ]
        let lines = ["pppoe use lan2", "pp select 1"] + bad.map(\.0)
        let checked = Config.check(lines.joined(separator: "\n"))
        #expect(checked.config == nil)
        #expect(checked.errors.map(\.line) == [1] + Array(3...lines.count))
        #expect(checked.errors.map(\.reason) == [.ppNotSelected] + bad.map(\.1))
        #expect(checked.errors.map(\.text) == ["pppoe use lan2"] + bad.map { $0.0.trimmingCharacters(in: .whitespaces) })
        #expect(checked.errors.first?.message == "Error: Select a PP first (pp select N)")
    }

    /// Inside `pp select anonymous` (remote access) the typed lines are kept without effect.
    @Test func anonymousPPLinesDoNotAct() throws {
        let lines = ["pp select anonymous", " pp keepalive use lcp-echo", " pp auth accept chap", " ppp ipcp msext on",
                     " ip pp mtu 1280", " pp enable anonymous"]
        let checked = Config.check(lines.joined(separator: "\n"))
        #expect(checked.errors.isEmpty && checked.warnings.count == 5)
        #expect(checked.config?.lines() == lines)
        #expect(checked.config?.pps[InterfaceName.anonymousPP]?.authAccept == [.chap])
    }

    @Test func routesThroughAPPAct() throws {
        let checked = Config.check("ip route default gateway pp 1\nip route 10.0.0.0/8 gateway pp 2 hide")
        let config = try #require(checked.config)
        #expect(config.routes[IPv4Prefix("10.0.0.0/8")!] == .pp(2))
        #expect(config.lines() == ["ip route default gateway pp 1", "ip route 10.0.0.0/8 gateway pp 2 hide"])
        // The option is kept without effect, the plain route acts.
        #expect(checked.warnings.map(\.line) == [2])
    }

    @Test func pppoeDNSServersGiveNoWarning() throws {
        #expect(try Config.parse("dns server pp 1").dnsWarnings.isEmpty)
        #expect(Config.check("dns server pp 1").warnings.isEmpty)
    }
}

@Suite struct TunnelEndpointNameTests {
    @Test(arguments: [
        ("vpn.example.jp", TunnelEndpointName(remote: "vpn.example.jp")),
        ("branch.example.jp hq.example.jp", TunnelEndpointName(local: "branch.example.jp", remote: "hq.example.jp")),
        ("hq.example.jp fqdn", TunnelEndpointName(remote: "hq.example.jp", fqdnKeyword: true)),
        ("branch.example.jp hq.example.jp fqdn", TunnelEndpointName(local: "branch.example.jp", remote: "hq.example.jp", fqdnKeyword: true)),
    ])
    func forms(text: String, name: TunnelEndpointName) throws {
        let lines = ["tunnel select 1", " tunnel encapsulation l2tpv3", " tunnel endpoint name \(text)"]
        let config = try Config.parse(lines.joined(separator: "\n"))
        #expect(config.tunnels[1]?.endpointName == name)
        #expect(config.lines() == lines)
        // The router looks the remote name up; a local name is kept without effect.
        #expect(Config.check(lines.joined(separator: "\n")).warnings.map(\.line) == (name.local == nil ? [] : [3]))
    }

    /// As on an RTX both are kept; `tunnel endpoint address` is printed first and wins.
    @Test func keptBesideTheAddress() throws {
        let lines = ["tunnel select 1", " tunnel endpoint address 192.0.2.1", " tunnel endpoint name hq.example.jp"]
        var config = try Config.parse(lines.joined(separator: "\n"))
        #expect(config.lines() == lines)
        #expect(config.tunnels[1]?.endpoint?.remote == IPv4Address(192, 0, 2, 1))
        var context = ConsoleContext(tunnel: 1)
        #expect(try config.execute("no tunnel endpoint name", context: &context))
        #expect(config.lines() == Array(lines.prefix(2)))
    }

    @Test(arguments: [
        ("tunnel endpoint name", ConfigError.Reason.parameterCount),
        ("tunnel endpoint name a.example b.example c.example fqdn", .parameterCount),
        ("tunnel endpoint name a.example b.example c.example", .invalidParameter),
        ("tunnel endpoint name a..example", .invalidParameter),
        ("tunnel endpoint name host_name.example", .invalidParameter),
        ("tunnel endpoint name hq.example tel", .invalidParameter),
    ])
    func badForms(line: String, reason: ConfigError.Reason) {
        #expect(Config.check("tunnel select 1\n\(line)").errors == [ConfigError(reason, line: 2, text: line)])
    }

    @Test func needsATunnel() {
        #expect(Config.check("tunnel endpoint name hq.example.jp").errors.map(\.reason) == [.tunnelNotSelected])
    }
}

@Suite struct IKERemoteHostNameTests {
    @Test func aHostNameAndAnAddressReplaceEachOther() throws {
        #expect(Config.check("ipsec ike remote address 1 vpn.example.jp\nipsec ike remote address 2 192.0.2.2").warnings.isEmpty)
        var config = try Config.parse("ipsec ike remote address 1 vpn.example.jp")
        #expect(config.ikeGateways[1]?.remoteHostName == "vpn.example.jp" && config.ikeGateways[1]?.remoteAddress == nil)
        #expect(config.lines() == ["ipsec ike remote address 1 vpn.example.jp"])
        #expect(try Config.parse(config.text) == config)
        var context = ConsoleContext()
        #expect(try config.execute("ipsec ike remote address 1 192.0.2.1", context: &context))
        #expect(config.ikeGateways[1]?.remoteAddress == .address(IPv4Address(192, 0, 2, 1)) && config.ikeGateways[1]?.remoteHostName == nil)
        #expect(try config.execute("ipsec ike remote address 1 peer.example.jp", context: &context))
        #expect(config.ikeGateways[1]?.remoteAddress == nil && config.lines() == ["ipsec ike remote address 1 peer.example.jp"])
        #expect(try config.execute("no ipsec ike remote address 1 peer.example.jp", context: &context))
        #expect(config == Config())
    }

    @Test(arguments: [
        ("ipsec ike remote address 1 192.168.1.300", ConfigError.Reason.invalidParameter),
        ("ipsec ike remote address 1 bad_host.example", .invalidParameter),
        ("ipsec ike remote address 101 vpn.example.jp", .invalidParameter),
        ("ipsec ike remote address 1", .parameterCount),
        ("ipsec ike remote address 1 vpn.example.jp extra", .parameterCount),
    ])
    func badForms(line: String, reason: ConfigError.Reason) {
        #expect(Config.check(line).errors == [ConfigError(reason, text: line)])
    }
}
