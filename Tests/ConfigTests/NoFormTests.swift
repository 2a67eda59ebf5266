import Testing
@testable import Config

@Suite struct NoFormTests {
    static func seed() throws -> Config { try Config.parse(try Seed.text("yamaha01.conf")) }

    /// Runs `lines` on the seed and returns which of its printed commands disappeared; indentation
    /// is left out because a policy or gateway without a tunnel moves to the global section.
    static func removedLines(_ lines: [String]) throws -> [String] {
        var config = try seed()
        var context = ConsoleContext()
        for line in lines { #expect(try config.execute(line, context: &context)) }
        #expect(try Config.parse(config.text) == config)
        let trimmed = { (lines: [String]) in lines.map { String($0.drop { $0 == " " }) } }
        let remaining = Set(trimmed(config.lines()))
        return try trimmed(seed().lines()).filter { !remaining.contains($0) }
    }

    @Test func noIPsecSAPolicyAsInStepFour() throws {
        #expect(try NoFormTests.removedLines(["tunnel select 1", "ipsec tunnel 100", "no ipsec sa policy 100 1 esp aes-cbc sha-hmac"])
            == ["ipsec sa policy 100 1 esp aes-cbc sha-hmac"])
        // Without the policy its gateway's lines move to the global section.
        var config = try NoFormTests.seed()
        var context = ConsoleContext()
        _ = try config.execute("no ipsec sa policy 100", context: &context)
        #expect(config.lines().contains("ipsec ike pre-shared-key 1 text test1234"))
        #expect(try Config.parse(config.text) == config)
    }

    @Test(arguments: [
        (["no nat descriptor masquerade static 1 5 192.168.100.1 udp 1701"], ["nat descriptor masquerade static 1 5 192.168.100.1 udp 1701"]),
        (["no nat descriptor masquerade static 1 2"], ["nat descriptor masquerade static 1 2 192.168.100.1 esp"]),
        (["tunnel select 1", "no tunnel encapsulation"], ["tunnel encapsulation l2tpv3"]),
        (["tunnel select 1", "no l2tp keepalive use on 60 3"], ["l2tp keepalive use on 60 3"]),
        (["tunnel select 1", "no ipsec tunnel"], ["ipsec tunnel 100"]),
        (["no bridge member bridge1"], ["bridge member bridge1 lan1 tunnel1"]),
        (["no bridge member bridge1 lan1 tunnel1"], ["bridge member bridge1 lan1 tunnel1"]),
        (["no ip route default gateway 192.168.1.2"], ["ip route default gateway 192.168.1.2"]),
        (["no ip bridge1 proxyarp"], ["ip bridge1 proxyarp on"]),
        (["no tunnel enable 1"], ["tunnel enable 1"]),
        (["no ipsec ike keepalive use 1 on"], ["ipsec ike keepalive use 1 on"]),
        (["no ipsec ike pre-shared-key 1"], ["ipsec ike pre-shared-key 1 text test1234"]),
        (["no nat descriptor address outer 1"], ["nat descriptor address outer 1 192.168.1.1"]),
        (["no ipsec auto refresh on"], ["ipsec auto refresh on"]),
        (["no ipsec transport 1 100 udp 1701"], ["ipsec transport 1 100 udp 1701"]),
        (["no l2tp service on l2tpv3"], ["l2tp service on l2tpv3"]),
    ])
    func noRemovesOneSetting(lines: [String], removed: [String]) throws {
        #expect(try NoFormTests.removedLines(lines) == removed)
    }

    @Test func removingEverySettingOfATunnelRemovesItsBlock() throws {
        var config = try Config.parse("""
            tunnel select 4
             tunnel encapsulation l2tpv3-raw
            """)
        var context = ConsoleContext(tunnel: 4)
        _ = try config.execute("no tunnel encapsulation l2tpv3-raw", context: &context)
        #expect(config == Config())
    }

    @Test(arguments: [
        "no ip lan1 address 192.168.100.1/33",
        "no dhcp scope 1 192.168.100.2",
        "no ipsec sa policy 100 1 esp aes-cbc sha1",
        "no dhcp service client",
    ])
    func aMalformedRestIsAnError(line: String) {
        var config = Config.factoryDefault()
        var context = ConsoleContext()
        #expect(throws: ConfigError(.invalidParameter, text: line)) { try config.execute(line, context: &context) }
        #expect(config == .factoryDefault())
    }

    @Test func noNeedsTheKey() {
        var config = Config.factoryDefault()
        var context = ConsoleContext()
        #expect(throws: ConfigError(.parameterCount, text: "no dhcp scope")) { try config.execute("no dhcp scope", context: &context) }
        #expect(throws: ConfigError(.invalidCommandName, text: "no ip lan1 adress")) { try config.execute("no ip lan1 adress", context: &context) }
    }
}
