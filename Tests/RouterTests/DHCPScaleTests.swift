import NIOCore
import Testing
@testable import Router
@testable import Wire

/// The DHCP server under load: large scopes, DISCOVER floods, and leases carried over a restart.
@Suite struct DHCPScaleTests {
    let wide = DHCPServer.Scope(id: 1, range: v4("10.1.0.2")...v4("10.1.255.254"), prefix: IPv4Prefix("10.1.0.1/16")!,
                                serverAddress: v4("10.1.0.1"))

    func bind(_ server: inout DHCPServer, mac: UInt64, scope: DHCPServer.Scope, now: Duration) -> IPv4Address? {
        guard let offer = server.handle(dhcpMessage(.discover, mac: mac), now: now, arrivedOn: scope)?.message else { return nil }
        var request = dhcpMessage(.request, mac: mac)
        request.serverIdentifier = scope.serverAddress
        request.requestedAddress = offer.yiaddr
        return server.handle(request, now: now, arrivedOn: scope)?.message.messageType == .ack ? offer.yiaddr : nil
    }

    /// 20,000 clients in a /16: each gets its own address. With a scan of the table per message this took
    /// 12 s of CPU in a release build; `softrtx bench dhcp` measures the rate.
    @Test func aLargeScopeBindsEveryClient() {
        var server = DHCPServer(scopes: [wide])
        var given = Set<IPv4Address>()
        for mac in UInt64(1)...20_000 {
            guard let address = bind(&server, mac: mac, scope: wide, now: .milliseconds(Int(mac))) else {
                Issue.record("client \(mac) got no address"); return
            }
            given.insert(address)
        }
        #expect(given.count == 20_000 && server.count == 20_000)
        #expect(given.min() == v4("10.1.0.2"), "the lowest addresses first")
    }

    /// DISCOVERs from made-up clients that never REQUEST hold offers only: when the scope runs out, the
    /// oldest offer goes to the next client, so a real host still gets an address.
    @Test func aDiscoverFloodCannotHoldTheScope() {
        var small = yamaha01Scope
        small.range = v4("192.168.100.10")...v4("192.168.100.15")
        var server = DHCPServer(scopes: [small])
        for mac in UInt64(100)..<120 {
            #expect(server.handle(dhcpMessage(.discover, mac: mac), now: .seconds(1), arrivedOn: small) != nil)
        }
        #expect(server.leases.allSatisfy { $0.state == .offered } && server.count == 6)
        #expect(bind(&server, mac: 1, scope: small, now: .seconds(2)) != nil)
        #expect(server.leases.filter { $0.state == .bound }.count == 1)
        // Offers lapse after a minute and were never leases.
        server.expire(now: .seconds(70))
        #expect(server.leases.filter { $0.state == .offered }.isEmpty)
    }

    @Test func bindingsComeBackAfterARestartAndLapsedOnesDoNot() throws {
        var before = DHCPServer(scopes: [yamaha01Scope])
        let first = try #require(bind(&before, mac: 1, scope: yamaha01Scope, now: .zero))
        _ = bind(&before, mac: 2, scope: yamaha01Scope, now: .zero)
        var lapsed = before.leases.filter { $0.state == .bound }
        lapsed[1].expiry = .seconds(5)
        var after = DHCPServer(scopes: [yamaha01Scope])
        after.restore(lapsed, now: .seconds(10))
        #expect(after.leases.map(\.address) == [first])
        // Another client is not handed the address the first still uses.
        #expect(bind(&after, mac: 3, scope: yamaha01Scope, now: .seconds(11)) != first)
    }
}
