import NIOCore
import Testing
import Wire
@testable import Router

@Suite struct ForwardingTests {
    let wan = """
    ip lan1 address 10.0.1.1/24
    ip lan2 address 10.0.2.1/24
    ip route 172.16.0.0/16 gateway 10.0.2.9
    """

    func learn(_ b: inout Bench, _ ip: IPv4Address, _ mac: MACAddress, on port: String, own: IPv4Address) {
        _ = b.send(arpRequest(from: mac, ip: ip, asking: own), on: port)
    }

    @Test func answersEchoWithTTL255() throws {
        var b = try Bench(wan)
        learn(&b, "10.0.1.5", hostMAC, on: "lan1", own: "10.0.1.1")
        let out = b.send(ipFrame(to: b.mac("lan1"), from: hostMAC, echoRequest(from: "10.0.1.5", to: "10.0.2.1", id: 5, seq: 3)), on: "lan1")
        let reply = try #require(out.first.flatMap { ip($0.frame) })
        #expect(reply.header.ttl == 255 && reply.header.source == "10.0.2.1" && reply.header.destination == "10.0.1.5")
        let (icmp, data) = try ICMPHeader.parse(reply.payload)
        #expect(icmp.type == ICMPHeader.echoReply && icmp.identifier == 5 && icmp.sequence == 3)
        #expect(Array(data.readableBytesView) == [1, 2, 3, 4])
    }

    @Test func forwardsAndDecrementsTTL() throws {
        var b = try Bench(wan)
        learn(&b, "10.0.1.5", hostMAC, on: "lan1", own: "10.0.1.1")
        learn(&b, "10.0.2.9", peerMAC, on: "lan2", own: "10.0.2.1")
        let out = b.send(ipFrame(to: b.mac("lan1"), from: hostMAC, udpPacket(from: "10.0.1.5", 1000, to: "172.16.3.3", 2000, ttl: 9)), on: "lan1")
        let fwd = try #require(out.first.flatMap { ip($0.frame) })
        #expect(out.first?.port == "lan2" && fwd.eth.destination == peerMAC && fwd.header.ttl == 8)
    }

    @Test func ttlOneGetsTimeExceeded() throws {
        var b = try Bench(wan)
        learn(&b, "10.0.1.5", hostMAC, on: "lan1", own: "10.0.1.1")
        let original = udpPacket(from: "10.0.1.5", 1000, to: "172.16.3.3", 2000, ttl: 1)
        let out = b.send(ipFrame(to: b.mac("lan1"), from: hostMAC, original), on: "lan1")
        let err = try #require(out.first.flatMap { ip($0.frame) })
        let (icmp, data) = try ICMPHeader.parse(err.payload)
        #expect(icmp.type == ICMPHeader.timeExceeded && err.header.source == "10.0.1.1")
        #expect(data.readableBytes == 28, "the quoted IP header and 8 bytes")
        #expect(b.router.drops[.ttlExceeded] == 1)
    }

    @Test func noRouteGetsNetUnreachable() throws {
        var b = try Bench(wan)
        learn(&b, "10.0.1.5", hostMAC, on: "lan1", own: "10.0.1.1")
        let out = b.send(ipFrame(to: b.mac("lan1"), from: hostMAC, udpPacket(from: "10.0.1.5", 1000, to: "8.8.8.8", 53)), on: "lan1")
        let err = try #require(out.first.flatMap { ip($0.frame) })
        let (icmp, _) = try ICMPHeader.parse(err.payload)
        #expect(icmp.type == ICMPHeader.destinationUnreachable && icmp.code == 0)
        #expect(b.router.drops[.noRoute] == 1)
    }

    @Test func malformedInputIsCountedNotFatal() throws {
        var b = try Bench(wan)
        _ = b.send(ByteBuffer(bytes: [1, 2, 3]), on: "lan1")
        var bad = udpPacket(from: "10.0.1.5", 1, to: "10.0.1.1", 2)
        bad.setInteger(UInt8(0x99), at: 10)   // header checksum
        _ = b.send(ipFrame(to: b.mac("lan1"), from: hostMAC, bad), on: "lan1")
        // A frame cut short inside the IP header (no Ethernet padding to hide it).
        var short = ByteBuffer()
        EthernetHeader(destination: b.mac("lan1"), source: hostMAC, etherType: EtherType.ipv4).write(to: &short)
        short.writeBytes([0x45, 0, 0, 28, 0, 0])
        _ = b.send(short, on: "lan1")
        #expect(b.router.drops[.ethernetTruncated] == 1)
        #expect(b.router.drops[.ipv4BadChecksum] == 1)
        #expect(b.router.drops[.ipv4Truncated] == 1)
        #expect(b.router.drops.total == 3)
    }

    @Test func showIPRouteListsConnectedAndStatic() throws {
        var b = try Bench(wan)
        let text = b.type("show ip route")
        #expect(text.contains("10.0.1.0/24         10.0.1.1               LAN1  implicit"))
        #expect(text.contains("172.16.0.0/16       10.0.2.9               LAN2    static"))
    }
}
