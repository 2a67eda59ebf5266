import Config
import NIOCore
import Testing
import Wire
@testable import Router

/// A peer given by host name (`tunnel endpoint name`, `ipsec ike remote address GW NAME`), as a
/// branch on a dynamic PPPoE address is: the router asks its `dns server`, the tunnel and the IKE
/// gateway wait for the answer, and follow the name to a new address once its TTL has passed.
@Suite struct ResolverRouterTests {
    static let config = """
    ip lan1 address 192.168.100.1/24
    ip lan2 address 203.0.113.1/24
    ip route default gateway 203.0.113.254
    tunnel select 1
     tunnel encapsulation l2tpv3
     tunnel endpoint name branch.netvolante.jp fqdn
     ipsec tunnel 100
      ipsec sa policy 100 1 esp aes-cbc sha-hmac
      ipsec ike pre-shared-key 1 text test1234
      ipsec ike remote address 1 branch.netvolante.jp
     l2tp always-on on
     tunnel enable 1
    ipsec auto refresh on
    l2tp service on l2tpv3
    dns server 203.0.113.53
    """
    static let name = DNSName("branch.netvolante.jp")!
    static let first: IPv4Address = "198.51.100.10"
    static let second: IPv4Address = "198.51.100.20"
    static let gatewayMAC = MACAddress(0x02_00_00_00_00_03)

    typealias Frames = [(port: String, frame: ByteBuffer, offload: FrameOffload)]

    /// The DNS queries among frames, with their IP and UDP headers.
    static func queries(_ frames: Frames) -> [(ip: IPv4Header, udp: UDPHeader, message: DNSMessage)] {
        frames.compactMap { out in
            guard out.port == "lan2", let (_, header, payload) = ip(out.frame), header.protocol == IPProtocol.udp,
                  let (udp, data) = try? UDPHeader.parse(payload, source: header.source, destination: header.destination),
                  udp.destinationPort == 53, let message = try? DNSMessage.parse(data) else { return nil }
            return (header, udp, message)
        }
    }

    /// Where IKE messages among frames go.
    static func ikeDestinations(_ frames: Frames) -> Set<IPv4Address> {
        Set(frames.compactMap { out in
            guard let (_, header, payload) = ip(out.frame), header.protocol == IPProtocol.udp,
                  payload.getInteger(at: payload.readerIndex + 2, as: UInt16.self) == 500 else { return nil }
            return header.destination
        })
    }

    /// Runs the router's timers at `time` and returns what it sent.
    static func advance(_ b: inout Bench, to time: Duration) -> Frames {
        b.now = time
        b.router.advance(to: time)
        return b.router.takeTransmissions()
    }

    @Test func theTunnelAndTheIKEGatewayFollowTheNameToItsNewAddress() throws {
        var b = try Bench(Self.config)
        // The first query left at start, waiting for the server's MAC.
        var out = b.send(arpRequest(from: peerMAC, ip: DNSRouterTests.server, asking: "203.0.113.1"), on: "lan2")
        out += b.send(arpRequest(from: Self.gatewayMAC, ip: "203.0.113.254", asking: "203.0.113.1"), on: "lan2")
        let up = try #require(Self.queries(out).first)
        #expect(Self.queries(out).count == 1)
        #expect(up.ip.source == "203.0.113.1" && up.message.questions == [DNSQuestion(name: Self.name, type: .a)])
        #expect(b.type("show status dns").contains("  branch.netvolante.jp. A from the router, attempt 1"))
        // Without an address the tunnel waits and no IKE exchange starts.
        #expect(b.router.tunnels[1] == nil && Self.ikeDestinations(out).isEmpty)

        let answer1 = DNSRouterTests.answer(up, records: [DNSRecord(name: Self.name, type: .a, ttl: 60, data: .a(Self.first))])
        out = b.send(ipFrame(to: b.mac("lan2"), from: peerMAC, answer1), on: "lan2")
        out += Self.advance(&b, to: b.now)
        #expect(b.router.tunnels[1]?.engine.settings.remoteAddress == Self.first)
        #expect(Self.ikeDestinations(out) == [Self.first])
        #expect(b.type("show status dns").contains("  branch.netvolante.jp 198.51.100.10 ttl=60"))

        // The peer reconnects and its dynamic DNS name moves: the refresh before the TTL runs out finds it.
        out = Self.advance(&b, to: .seconds(52))
        #expect(Self.queries(out).isEmpty)
        out = Self.advance(&b, to: .seconds(53))
        let refresh = try #require(Self.queries(out).first)
        #expect(refresh.message.questions == [DNSQuestion(name: Self.name, type: .a)] && refresh.message.id != up.message.id)
        let answer2 = DNSRouterTests.answer(refresh, records: [DNSRecord(name: Self.name, type: .a, ttl: 60, data: .a(Self.second))])
        out = b.send(ipFrame(to: b.mac("lan2"), from: peerMAC, answer2), on: "lan2")
        out += Self.advance(&b, to: b.now)
        #expect(b.router.tunnels[1]?.engine.settings.remoteAddress == Self.second)
        #expect(Self.ikeDestinations(out) == [Self.second])
        let log = b.type("show log")
        #expect(log.contains("[DNS] branch.netvolante.jp: resolved to 198.51.100.10"))
        #expect(log.contains("[DNS] branch.netvolante.jp: resolved to 198.51.100.20 (was 198.51.100.10)"))
    }

    @Test func aNameThatDoesNotExistIsLoggedOnceAndRetried() throws {
        var b = try Bench(Self.config)
        let up = try #require(Self.queries(b.send(arpRequest(from: peerMAC, ip: DNSRouterTests.server, asking: "203.0.113.1"), on: "lan2")).first)
        let response = DNSMessage.response(to: up.message, code: .nameError)
        let udp = UDPHeader.datagram(sourcePort: 53, destinationPort: up.udp.sourcePort, payload: response.buffer,
                                     source: DNSRouterTests.server, destination: up.ip.source)
        let packet = IPv4Header.packet(source: DNSRouterTests.server, destination: up.ip.source, protocol: IPProtocol.udp, ttl: 64,
                                       identification: 4, payload: udp)
        _ = b.send(ipFrame(to: b.mac("lan2"), from: peerMAC, packet), on: "lan2")
        #expect(b.router.tunnels[1] == nil)
        #expect(b.type("show log").contains("[DNS] branch.netvolante.jp: resolution failed: name not found (NXDOMAIN)"))
        #expect(b.type("show status dns").contains("  branch.netvolante.jp unresolved, 1 failed: name not found (NXDOMAIN)"))
        // Asked again 10 s later.
        #expect(Self.queries(Self.advance(&b, to: .seconds(9))).isEmpty)
        #expect(Self.queries(Self.advance(&b, to: .seconds(11))).count == 1)
    }
}
