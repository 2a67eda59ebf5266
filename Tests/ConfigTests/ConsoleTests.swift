import Testing
import Wire
@testable import Config

@Suite struct ConsoleTests {
    @Test func tunnelSelectSetsTheContextOfTunnelCommands() throws {
        var config = Config()
        var context = ConsoleContext()
        #expect(try config.execute("tunnel select 1", context: &context))
        #expect(context.tunnel == 1)
        #expect(try config.execute("l2tp hostname yamaha01", context: &context))
        #expect(try config.execute("  l2tp keepalive use on 30", context: &context))
        #expect(try config.execute("tunnel select 2", context: &context))
        #expect(try config.execute("l2tp always-on on", context: &context))
        #expect(try config.execute("tunnel select none", context: &context))
        #expect(context.tunnel == nil)
        #expect(config.tunnels[1]?.l2tpHostname == "yamaha01")
        #expect(config.tunnels[1]?.effectiveL2TPKeepaliveInterval == 30)
        #expect(config.tunnels[1]?.effectiveL2TPKeepaliveCount == 6)
        #expect(config.tunnels[2]?.l2tpAlwaysOn == true)
        #expect(throws: ConfigError(.tunnelNotSelected, text: "l2tp syslog on")) {
            try config.execute("l2tp syslog on", context: &context)
        }
    }

    @Test func otherCommandsAreLeftToTheRouter() throws {
        var config = Config.factoryDefault()
        var context = ConsoleContext(tunnel: 1)
        for line in ["show config", "ping -c 5 192.168.2.1", "save", "", "# comment", "administrator"] {
            #expect(try !config.execute(line, context: &context))
        }
        #expect(config == .factoryDefault())
        #expect(context.tunnel == 1)
    }

    @Test func aRejectedLineChangesNothing() {
        var config = Config.factoryDefault()
        var context = ConsoleContext(tunnel: 3)
        #expect(throws: ConfigError.self) { try config.execute("tunnel select 0", context: &context) }
        #expect(throws: ConfigError.self) { try config.execute("ip lan1 address 192.168.300.1/24", context: &context) }
        #expect(config == .factoryDefault())
        #expect(context.tunnel == 3)
    }

    @Test func enteringALineAgainReplacesTheSetting() throws {
        var config = Config()
        var context = ConsoleContext()
        _ = try config.execute("ip lan2 address 192.168.1.1/24", context: &context)
        _ = try config.execute("ip lan2 address 10.0.0.1/8", context: &context)
        #expect(config.lines() == ["ip lan2 address 10.0.0.1/8"])
    }

    @Test func ipTunnelMeansTheSelectedTunnel() throws {
        var config = Config()
        var context = ConsoleContext()
        _ = try config.execute("tunnel select 2", context: &context)
        _ = try config.execute("ip tunnel mtu 1280", context: &context)
        #expect(config.interfaces[.tunnel(2)]?.mtu == 1280)
        _ = try config.execute("ip tunnel3 address 10.0.0.1/30", context: &context)
        #expect(config.lines() == [
            "tunnel select 2", " ip tunnel mtu 1280",
            "tunnel select 3", " ip tunnel address 10.0.0.1/30",
        ])
    }

    @Test func tunnelEnableAllEnablesEveryConfiguredTunnel() throws {
        var config = try Config.parse("""
            tunnel select 1
             tunnel encapsulation l2tpv3-raw
            tunnel select 2
             tunnel encapsulation l2tpv3
            tunnel enable all
            """)
        #expect(config.tunnels.values.allSatisfy { $0.enabled })
        var context = ConsoleContext()
        _ = try config.execute("tunnel disable 2", context: &context)
        #expect(config.tunnels[1]?.enabled == true)
        #expect(config.tunnels[2]?.enabled == false)
    }
}
