import NIOCore
import Testing
import Wire
@testable import Router

/// Mutated and random frames never crash the router; refused ones are counted by name.
@Suite struct FuzzTests {
    @Test func mutatedFramesAreSurvivedAndCounted() throws {
        var b = try Bench(seedStep1)
        let dhcp = DHCPMessage(op: .request, xid: 7, chaddr: hostMAC, options: [DHCPOption(code: DHCPOption.messageType, data: [1])])
        let dhcpUDP = UDPHeader.datagram(sourcePort: 68, destinationPort: 67, payload: dhcp.buffer, source: .any, destination: .broadcast)
        let seeds: [(String, ByteBuffer)] = [
            ("lan1", arpRequest(from: hostMAC, ip: "192.168.100.10", asking: "192.168.100.1")),
            ("lan1", ipFrame(to: b.mac("lan1"), from: hostMAC, echoRequest(from: "192.168.100.10", to: "10.2.2.2"))),
            ("lan1", ipFrame(to: .broadcast, from: hostMAC, IPv4Header.packet(source: .any, destination: .broadcast, protocol: IPProtocol.udp, ttl: 64, identification: 1, payload: dhcpUDP))),
            ("lan2", ipFrame(to: b.mac("lan2"), from: peerMAC, udpPacket(from: "192.168.2.1", 1701, to: "192.168.1.1", 1701))),
            ("lan2", ipFrame(to: b.mac("lan2"), from: peerMAC, echoRequest(from: "192.168.2.1", to: "192.168.1.1"))),
        ]
        var random = SeededGenerator(seed: 2024)
        for i in 0..<20_000 {
            let (port, original) = seeds[i % seeds.count]
            var bytes = Array(original.readableBytesView)
            switch random.next() % 4 {
            case 0: bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count))))
            case 1:
                for _ in 0..<(1 + random.next() % 4) { bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next()) }
            case 2: bytes += (0..<(random.next() % 64)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            default: bytes = (0..<(random.next() % 128)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            }
            _ = b.send(ByteBuffer(bytes: bytes), on: port, after: .milliseconds(10))
        }
        #expect(b.router.drops.total > 1000)
        let reasons = Set(b.router.drops.counts.keys)
        for expected in ["ethernet-truncated", "ipv4-bad-checksum", "ipv4-truncated"] { #expect(reasons.contains(expected), "\(reasons)") }
        // The router still works afterwards.
        let out = b.send(arpRequest(from: peerMAC, ip: "192.168.1.2", asking: "192.168.1.1"), on: "lan2")
        #expect(out.compactMap { arp($0.frame) }.contains { $0.operation == .reply })
    }
}
