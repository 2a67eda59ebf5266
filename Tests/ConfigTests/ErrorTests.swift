import Testing
@testable import Config

@Suite struct ErrorTests {
    static func errors(_ text: String) -> [ConfigError] {
        do {
            _ = try Config.parse(text)
            return []
        } catch {
            return error.errors
        }
    }

    @Test func everyErrorOfAFileIsReportedWithItsLine() {
        let text = """
            # a comment, then a blank line

            ip lan1 adress 1.2.3.4/24
            ip lan1 address 192.168.100.1/24 extra
            ip lan1 address 192.168.100.256/24
            l2tp always-on on
            tunnel select 1
             l2tp always-on maybe
            ! another comment
            ip lan9 address 10.0.0.1/8
            show config
            ip tunnel mtu 1280
            """
        #expect(ErrorTests.errors(text) == [
            ConfigError(.invalidCommandName, line: 3, text: "ip lan1 adress 1.2.3.4/24"),
            ConfigError(.parameterCount, line: 4, text: "ip lan1 address 192.168.100.1/24 extra"),
            ConfigError(.invalidParameter, line: 5, text: "ip lan1 address 192.168.100.256/24"),
            ConfigError(.tunnelNotSelected, line: 6, text: "l2tp always-on on"),
            ConfigError(.invalidParameter, line: 8, text: "l2tp always-on maybe"),
            ConfigError(.invalidParameter, line: 10, text: "ip lan9 address 10.0.0.1/8"),
            ConfigError(.invalidCommandName, line: 11, text: "show config"),
        ])
    }

    @Test func descriptionNamesLineTextAndMessage() {
        let error = ConfigError(.invalidCommandName, line: 12, text: "ip lan1 adress 1.2.3.4/24")
        #expect(error.description == "line 12: ip lan1 adress 1.2.3.4/24: Error: Invalid command name")
        #expect(ConfigError(.parameterCount).message == "Error: Insufficient or too many parameters")
        #expect(ConfigError(.invalidParameter).message == "Error: Invalid parameter")
    }

    @Test func aFileWithOneBadLineAppliesNothing() throws {
        var text = try Seed.text("yamaha01.conf")
        text += "nat descriptor masquerade static 1 6 192.168.100.1 udp\n"
        #expect(throws: ConfigErrors([
            ConfigError(.parameterCount, line: 42, text: "nat descriptor masquerade static 1 6 192.168.100.1 udp"),
        ])) {
            try Config.parse(text)
        }
    }

    static let badLines: [(String, ConfigError.Reason)] = [
        ("ip route default gateway", .parameterCount),
        ("ip route default via 192.168.1.2", .invalidParameter),
        ("ip route default gateway tunnel 0", .invalidParameter),
        ("tunnel select", .parameterCount),
        ("tunnel select one", .invalidParameter),
        ("tunnel enable", .parameterCount),
        ("nat descriptor type 1 napt", .invalidParameter),
        ("nat descriptor masquerade static 1 2 192.168.100.1 esp 50", .parameterCount),
        ("nat descriptor masquerade static 1 3 192.168.100.1 udp 70000", .invalidParameter),
        ("nat descriptor address inner 1 192.168.100.9-192.168.100.1", .invalidParameter),
        ("nat descriptor masquerade port range 1 64095-60000", .invalidParameter),
        ("nat descriptor masquerade port range 1 60000", .invalidParameter),
        ("nat descriptor masquerade port range 1", .parameterCount),
        ("nat descriptor masquerade session limit 1 2 100", .invalidParameter),
        ("nat descriptor masquerade session limit 1 1 65535", .invalidParameter),
        ("nat descriptor masquerade session limit 1 1", .parameterCount),
        ("ipsec sa policy 100 1 esp aes-cbc sha-hmac md5-hmac", .parameterCount),
        ("ipsec sa policy 100 1 esp sha-hmac aes-cbc", .invalidParameter),
        ("ipsec sa policy 100 1 gre", .invalidParameter),
        ("ipsec ike group 1 modp4096", .invalidParameter),
        ("ipsec ike pre-shared-key 1 test1234", .parameterCount),
        ("ipsec ike version 1 3", .invalidParameter),
        ("ipsec ike keepalive use 1 on dpd 10 6 1", .parameterCount),
        ("ipsec ike duration isakmp-sa 1 10", .invalidParameter),
        ("ipsec ike remote name 1 peer fqdn extra", .parameterCount),
        ("ipsec refresh sa", .invalidCommandName),
        ("dhcp scope 1 192.168.100.2-192.168.101.191/24", .invalidParameter),
        ("dhcp scope 1 192.168.100.2-192.168.100.191/24 expire 72", .invalidParameter),
        ("dhcp scope 1 192.168.100.2-192.168.100.191/24 gateway", .parameterCount),
        ("dhcp scope option 1 router=192.168.100.1", .invalidParameter),
        ("dhcp server rfc2131 compliant except", .invalidParameter),
        ("bridge member bridge1 lan1 lan1", .invalidParameter),
        ("bridge member bridge2 lan1", .invalidParameter),
        ("l2tp service on l2tpv4", .invalidParameter),
        ("ip arp timer 10", .invalidParameter),
        ("ip filter source-route maybe", .invalidParameter),
        ("ip filter directed-broadcast", .parameterCount),
        ("console prompt", .parameterCount),
        ("no", .invalidCommandName),
        ("no such thing", .invalidCommandName),
    ]

    @Test(arguments: badLines)
    func aBadLineGetsItsRTXMessage(line: String, reason: ConfigError.Reason) {
        #expect(ErrorTests.errors(line) == [ConfigError(reason, line: 1, text: line)])
    }

    /// `execute` applies a line in place, so each command must throw before it changes anything.
    @Test(arguments: badLines.map(\.0) + ["l2tp always-on maybe", "ipsec ike keepalive use 1 on icmp-echo", "no ip route default gateway x"])
    func aBadLineChangesNothing(line: String) throws {
        var config = try Config.parse(Seed.text("yamaha01.conf"))
        let before = config
        var context = ConsoleContext(tunnel: 1)
        #expect(throws: ConfigError.self) { _ = try config.execute(line, context: &context) }
        #expect(config == before && context == ConsoleContext(tunnel: 1))
    }

    @Test(arguments: [
        "tunnel encapsulation l2tpv3", "tunnel endpoint address 192.168.2.1", "ipsec tunnel 100",
        "l2tp tunnel auth on", "l2tp keepalive log on", "l2tp remote end-id X", "no tunnel encapsulation",
    ])
    func tunnelCommandsNeedATunnel(line: String) {
        #expect(ErrorTests.errors(line).map(\.reason) == [.tunnelNotSelected])
        #expect(ErrorTests.errors("tunnel select 1\ntunnel select none\n" + line).map(\.line) == [3])
    }
}
