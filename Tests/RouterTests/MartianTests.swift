import NIOCore
import Testing
import Wire
@testable import Router

/// RFC 1812: what a router must neither forward nor answer, each dropped under a named reason.
@Suite struct MartianTests {
    let wan = """
    ip lan1 address 10.0.1.1/24
    ip lan2 address 10.0.2.1/24
    ip lan2 nat descriptor 1
    nat descriptor type 1 masquerade
    nat descriptor address outer 1 10.0.2.1
    ip route default gateway 10.0.2.9
    """

    func bench() throws -> Bench {
        var b = try Bench(wan)
        _ = b.send(arpRequest(from: hostMAC, ip: "10.0.1.5", asking: "10.0.1.1"), on: "lan1")
        _ = b.send(arpRequest(from: peerMAC, ip: "10.0.2.9", asking: "10.0.2.1"), on: "lan2")
        return b
    }

    func fromLAN(_ b: inout Bench, _ packet: ByteBuffer) -> [(port: String, frame: ByteBuffer, offload: FrameOffload)] {
        b.send(ipFrame(to: b.mac("lan1"), from: hostMAC, packet), on: "lan1")
    }

    @Test func loopbackAndThisNetworkAreNeitherForwardedNorMasqueraded() throws {
        var b = try bench()
        #expect(fromLAN(&b, udpPacket(from: "127.0.0.1", 1000, to: "172.16.3.3", 53)).isEmpty)
        #expect(fromLAN(&b, udpPacket(from: "0.0.0.0", 1000, to: "172.16.3.3", 53)).isEmpty)
        #expect(fromLAN(&b, udpPacket(from: "0.1.2.3", 1000, to: "172.16.3.3", 53)).isEmpty)
        #expect(b.router.drops[.martianSource] == 3)
        #expect(fromLAN(&b, udpPacket(from: "10.0.1.5", 1000, to: "127.0.0.1", 53)).isEmpty)
        #expect(fromLAN(&b, udpPacket(from: "10.0.1.5", 1000, to: "0.0.0.0", 53)).isEmpty)
        #expect(b.router.drops[.martianDestination] == 2)
        // What is left is forwarded as ever.
        #expect(fromLAN(&b, udpPacket(from: "10.0.1.5", 1000, to: "172.16.3.3", 53)).map(\.port) == ["lan2"])
    }

    @Test func aDirectedBroadcastIsNotForwardedToItsNetwork() throws {
        var b = try bench()
        #expect(fromLAN(&b, udpPacket(from: "10.0.1.5", 1000, to: "10.0.2.255", 9)).isEmpty)
        #expect(b.router.drops[.directedBroadcast] == 1)
    }

    @Test func ipFilterDirectedBroadcastOffLetsItThrough() throws {
        var b = try bench()
        #expect(b.type("ip filter directed-broadcast off").isEmpty)
        let out = fromLAN(&b, udpPacket(from: "10.0.1.5", 1000, to: "10.0.2.255", 9))
        let sent = try #require(out.first.flatMap { ip($0.frame) })
        #expect(out.first?.port == "lan2" && sent.eth.destination == .broadcast)
        #expect(b.router.drops[.directedBroadcast] == 0)
    }

    /// RFC 791 Loose Source and Record Route: dropped under `ip filter source-route on` (the default).
    @Test func sourceRoutedPacketsAreDroppedUnlessTheFilterIsOff() throws {
        var b = try bench()
        func routed() -> ByteBuffer {
            var body = ByteBuffer(bytes: [0, 9, 0, 9, 0, 8, 0, 0])   // UDP 9 -> 9, no checksum
            let header = IPv4Header(totalLength: UInt16(20 + 8 + 8), identification: 1, ttl: 64, protocol: IPProtocol.udp,
                                    source: "10.0.1.5", destination: "172.16.3.3", options: [1, 131, 7, 4, 172, 16, 3, 3])
            var packet = ByteBuffer()
            header.write(to: &packet)
            packet.writeBuffer(&body)
            return packet
        }
        #expect(fromLAN(&b, routed()).isEmpty)
        #expect(b.router.drops[.sourceRoute] == 1)
        #expect(b.type("ip filter source-route off").isEmpty)
        #expect(fromLAN(&b, routed()).map(\.port) == ["lan2"])
    }

    @Test func aBroadcastPingIsNotAnswered() throws {
        var b = try bench()
        #expect(fromLAN(&b, echoRequest(from: "10.0.1.5", to: "10.0.1.255")).isEmpty)
        #expect(fromLAN(&b, echoRequest(from: "10.0.1.5", to: "255.255.255.255")).isEmpty)
        #expect(b.router.drops[.echoToBroadcast] == 2)
        #expect(fromLAN(&b, echoRequest(from: "10.0.1.5", to: "10.0.1.1")).count == 1, "a ping to the router is answered")
    }

    @Test func noICMPErrorGoesToABroadcastSource() throws {
        var b = try bench()
        // A broadcast source is itself a martian; with TTL 1 it would otherwise earn a Time Exceeded.
        #expect(fromLAN(&b, udpPacket(from: "10.0.1.255", 1000, to: "172.16.3.3", 53, ttl: 1)).isEmpty)
        #expect(b.router.drops[.martianSource] == 1)
        // A closed port on the router, asked at its directed broadcast: no Port Unreachable either.
        #expect(fromLAN(&b, udpPacket(from: "10.0.1.5", 1000, to: "10.0.1.255", 7)).isEmpty)
    }

    @Test func aHostAskingForAnAddressMayUseTheUnspecifiedSource() throws {
        var bench = try Bench(wan + "\ndhcp service server\ndhcp scope 1 10.0.1.10-10.0.1.20/24")
        var payload = dhcpMessage(.discover, mac: 1).buffer
        UDPHeader.prepend(sourcePort: 68, destinationPort: 67, source: .any, destination: .broadcast, to: &payload)
        let packet = IPv4Header.packet(source: .any, destination: .broadcast, protocol: IPProtocol.udp, ttl: 64, identification: 1, payload: payload)
        let out = bench.send(EthernetHeader.frame(destination: .broadcast, source: hostMAC, etherType: EtherType.ipv4, payload: packet), on: "lan1")
        #expect(!out.isEmpty, "the DHCPOFFER")
        #expect(bench.router.drops[.martianSource] == 0)
    }
}

@Suite struct ICMPErrorLimitTests {
    /// RFC 1812 4.3.2.8: a burst of 50, then 1,000 a second, however many packets ask for one.
    @Test func timeExceededIsRateLimited() throws {
        var b = try Bench("ip lan1 address 10.0.1.1/24\nip lan2 address 10.0.2.1/24\nip route 172.16.0.0/16 gateway 10.0.2.9")
        _ = b.send(arpRequest(from: hostMAC, ip: "10.0.1.5", asking: "10.0.1.1"), on: "lan1")
        var errors = 0
        for _ in 0..<500 {
            let out = b.send(ipFrame(to: b.mac("lan1"), from: hostMAC, udpPacket(from: "10.0.1.5", 1000, to: "172.16.3.3", 53, ttl: 1)),
                             on: "lan1", after: .microseconds(100))
            errors += out.count
        }
        // The burst of 50 at once, then one per millisecond over the 50 ms the packets took.
        #expect(errors >= 95 && errors <= 101)
        #expect(b.router.drops[.icmpErrorRateLimited] == 500 - errors)
        #expect(b.router.drops[.ttlExceeded] == 500)
    }
}
