import Testing
import Wire
@testable import Config

@Suite struct SeedRoundTripTests {
    @Test(arguments: ["yamaha01.conf", "yamaha02.conf"])
    func printsTheSeedBackExactly(name: String) throws {
        let config = try Config.parse(try Seed.text(name))
        #expect(config.lines() == (try Seed.configLines(name)))
    }

    @Test(arguments: ["yamaha01.conf", "yamaha02.conf"])
    func parsingThePrintedConfigGivesTheSameConfig(name: String) throws {
        let config = try Config.parse(try Seed.text(name))
        #expect(try Config.parse(config.text) == config)
    }

    @Test func seedValuesAreTyped() throws {
        let config = try Config.parse(try Seed.text("yamaha01.conf"))
        #expect(config.routes[IPv4Prefix(address: .any, length: 0)] == .address(IPv4Address(192, 168, 1, 2)))
        #expect(config.interfaces[.bridge1]?.address == IPv4Prefix("192.168.100.1/24"))
        #expect(config.interfaces[.lan2]?.natDescriptor == 1)
        #expect(config.bridges[.bridge1] == [.lan1, .tunnel(1)])
        let tunnel = try #require(config.tunnels[1])
        #expect(tunnel.encapsulation == .l2tpv3)
        #expect(tunnel.endpoint == TunnelEndpoint(local: IPv4Address(192, 168, 100, 1), remote: IPv4Address(192, 168, 2, 1)))
        #expect(tunnel.ipsecPolicy == 100)
        #expect(tunnel.l2tpAuth == .on(password: "test1234"))
        #expect(tunnel.effectiveL2TPKeepaliveInterval == 60)
        #expect(tunnel.effectiveL2TPKeepaliveCount == 3)
        #expect(tunnel.l2tpRemoteEndID == "TESTEND")
        #expect(tunnel.enabled)
        #expect(config.ipsecSAPolicies[100] == IPsecSAPolicy(gateway: 1, proto: .esp(encryption: .aesCBC, authentication: .shaHMAC)))
        #expect(config.ikeGateways[1]?.preSharedKey == "test1234")
        #expect(config.ikeGateways[1]?.remoteAddress == .address(IPv4Address(192, 168, 2, 1)))
        #expect(config.natDescriptors[1]?.staticEntries[2] == MasqueradeStatic(innerAddress: IPv4Address(192, 168, 100, 1), proto: .esp))
        #expect(config.natDescriptors[1]?.staticEntries[5]?.innerPort == 1701)
        #expect(config.ipsecTransports[1] == IPsecTransport(policy: 100, proto: .udp, sourcePort: .number(1701)))
        #expect(config.dhcpScopes[1]?.first == IPv4Address(192, 168, 100, 10))
        #expect(config.l2tpService == L2TPService(enabled: true, versions: [.l2tpv3]))
    }
}
