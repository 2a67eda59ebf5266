import Testing
import Wire
@testable import Config

@Suite struct DefaultsTests {
    @Test func unsetValuesTakeTheRTX830Defaults() {
        let config = Config()
        let tunnel = config.effectiveTunnel(1)
        #expect(tunnel.effectiveL2TPKeepaliveEnabled)
        #expect(tunnel.effectiveL2TPKeepaliveInterval == 10)
        #expect(tunnel.effectiveL2TPKeepaliveCount == 6)
        #expect(!tunnel.effectiveL2TPKeepaliveLog)
        #expect(!tunnel.effectiveL2TPAlwaysOn)
        #expect(!tunnel.effectiveL2TPSyslog)
        #expect(tunnel.effectiveL2TPDisconnectTime == 60)
        #expect(tunnel.effectiveL2TPLocalRouterID == .any)
        #expect(tunnel.effectiveL2TPAuthSecret(model: "RTX830") == nil)
        #expect(config.l2tpHostname(tunnel: 1) == "RTX830")
        #expect(Config(model: "RTX1210").l2tpHostname(tunnel: 1) == "RTX1210")

        let gateway = config.effectiveIKEGateway(1)
        #expect(gateway.effectiveEncryption == .tripleDESCBC)
        #expect(gateway.effectiveHash == .sha)
        #expect(gateway.effectiveGroup == .modp1024)
        #expect(gateway.effectiveISAKMPSADuration == 28800)
        #expect(gateway.effectiveIPsecSADuration == 28800)
        #expect(gateway.effectiveKeepaliveMethod == .heartbeat)
        #expect(gateway.effectiveKeepaliveInterval == 10)
        #expect(gateway.effectiveKeepaliveCount == 6)
        #expect(!gateway.effectiveNATTraversal)
        #expect(gateway.effectiveVersion == .v1)
        #expect(!gateway.effectivePFS)

        let esp = IPsecSAPolicy(gateway: 1, proto: .esp(encryption: nil, authentication: nil))
        #expect(esp.effectiveEncryption == .aesCBC)
        #expect(esp.effectiveAuthentication == .shaHMAC)
        #expect(IPsecSAPolicy(gateway: 1, proto: .ah(authentication: nil)).effectiveEncryption == nil)

        #expect(config.effectiveARPTimer == 1200)
        #expect(!config.effectiveIPsecAutoRefresh)
        #expect(config.effectiveRFC2131Compliance == .on)
        #expect(!config.effectiveL2TPService.serves(.l2tpv3))
        #expect(config.effectiveInterface(.lan1).effectiveMTU == 1500)
        #expect(NATDescriptor().effectiveOuter == .ipcp)
        #expect(NATDescriptor().effectiveInner == .auto)
        let scope = DHCPScope(first: IPv4Address(192, 168, 100, 2), last: IPv4Address(192, 168, 100, 191), prefixLength: 24)
        #expect(scope.effectiveLease == .minutes(72 * 60))
        #expect(scope.effectiveLease.seconds == 259_200)
    }

    @Test func setValuesOverrideTheDefaults() throws {
        let config = try Config.parse("""
            tunnel select 1
             l2tp tunnel auth on
             l2tp hostname branch
            ipsec ike encryption 1 aes-cbc
            ip arp timer 300
            """)
        #expect(config.effectiveTunnel(1).effectiveL2TPAuthSecret(model: config.model) == "RTX830")
        #expect(config.l2tpHostname(tunnel: 1) == "branch")
        #expect(config.effectiveIKEGateway(1).effectiveEncryption == .aesCBC)
        #expect(config.effectiveARPTimer == 300)
    }

    @Test func defaultsAreNotPrinted() throws {
        #expect(Config().lines().isEmpty)
        #expect(Config.factoryDefault().effectiveTunnel(1).isEmpty)
    }
}
