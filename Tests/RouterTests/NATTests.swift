import Config
import NIOCore
import Testing
import Wire
@testable import Router

@Suite struct NATTests {
    /// A router with the WAN gateway's MAC already learned, so packets go straight out.
    func bench() throws -> Bench {
        var b = try Bench(seedStep1)
        let reply = ARPPacket(operation: .reply, senderMAC: peerMAC, senderIP: "192.168.1.2", targetMAC: b.mac("lan2"), targetIP: "192.168.1.1")
        _ = b.send(arpRequest(from: peerMAC, ip: "192.168.1.2", asking: "192.168.1.1"), on: "lan2")
        _ = b.send(EthernetHeader.frame(destination: b.mac("lan2"), source: peerMAC, etherType: EtherType.arp, payload: reply.buffer), on: "lan2")
        _ = b.send(arpRequest(from: hostMAC, ip: "192.168.100.10", asking: "192.168.100.1"), on: "lan1")
        return b
    }

    @Test func udpOutAndBackThroughMasquerade() throws {
        var b = try bench()
        let out = b.send(ipFrame(to: b.mac("lan1"), from: hostMAC, udpPacket(from: "192.168.100.10", 5555, to: "10.2.2.2", 53)), on: "lan1")
        let sent = try #require(out.first.flatMap { ip($0.frame) })
        #expect(out.first?.port == "lan2")
        #expect(sent.header.source == "192.168.1.1")
        // Checksums still verify after translation: parse checks them.
        let (udp, _) = try UDPHeader.parse(sent.payload, source: sent.header.source, destination: sent.header.destination)
        #expect(NATDescriptor.defaultPortRanges[0].contains(udp.sourcePort))
        #expect(udp.destinationPort == 53)

        let back = b.send(ipFrame(to: b.mac("lan2"), from: peerMAC, udpPacket(from: "10.2.2.2", 53, to: "192.168.1.1", udp.sourcePort)), on: "lan2")
        let delivered = try #require(back.first.flatMap { ip($0.frame) })
        #expect(back.first?.port == "lan1")
        #expect(delivered.header.destination == "192.168.100.10")
        let (udpBack, _) = try UDPHeader.parse(delivered.payload, source: delivered.header.source, destination: delivered.header.destination)
        #expect(udpBack.destinationPort == 5555)
        #expect(b.type("show nat descriptor address").contains("192.168.100.10"))
    }

    @Test func unsolicitedInboundIsRejected() throws {
        var b = try bench()
        let out = b.send(ipFrame(to: b.mac("lan2"), from: peerMAC, udpPacket(from: "10.2.2.2", 53, to: "192.168.1.1", 60123)), on: "lan2")
        #expect(out.isEmpty)
        #expect(b.router.drops[.natNoMapping] == 1)
        #expect(b.type("show status drop").contains("nat-no-mapping"))
    }

    @Test func staticEntryKeepsPortAndLetsPeerIn() throws {
        var b = try bench()
        // The seed's case: udp 1701 to the outer address goes to the inner endpoint, both ways.
        let inbound = b.send(ipFrame(to: b.mac("lan2"), from: peerMAC, udpPacket(from: "192.168.2.1", 1701, to: "192.168.1.1", 1701)), on: "lan2")
        let inPacket = try #require(inbound.first.flatMap { ip($0.frame) })
        #expect(inPacket.header.destination == "192.168.100.1" || inbound.isEmpty == false)
        let out = b.send(ipFrame(to: b.mac("lan1"), from: hostMAC, udpPacket(from: "192.168.100.10", 1701, to: "192.168.2.1", 1701)), on: "lan1")
        let sent = try #require(out.first.flatMap { ip($0.frame) })
        let (udp, _) = try UDPHeader.parse(sent.payload, source: sent.header.source, destination: sent.header.destination)
        #expect(NATDescriptor.defaultPortRanges[0].contains(udp.sourcePort), "192.168.100.10 is not the static entry's inner address")
    }

    @Test func espStaticEntry() throws {
        var b = try bench()
        let esp = IPv4Header.packet(source: "192.168.2.1", destination: "192.168.1.1", protocol: IPProtocol.esp, ttl: 60,
                                    identification: 9, payload: ByteBuffer(bytes: Array(repeating: 0xAB, count: 40)))
        let out = b.send(ipFrame(to: b.mac("lan2"), from: peerMAC, esp), on: "lan2")
        // 192.168.100.9 is not resolved yet: the router asks for it on the bridge.
        let request = try #require(out.compactMap { arp($0.frame) }.first)
        #expect(request.targetIP == "192.168.100.9")
    }

    @Test func icmpEchoIdentifierTranslated() throws {
        var b = try bench()
        let out = b.send(ipFrame(to: b.mac("lan1"), from: hostMAC, echoRequest(from: "192.168.100.10", to: "10.2.2.2", id: 77)), on: "lan1")
        let sent = try #require(out.first.flatMap { ip($0.frame) })
        let (icmp, data) = try ICMPHeader.parse(sent.payload)
        #expect(icmp.identifier != 77 && sent.header.source == "192.168.1.1")
        let reply = ICMPHeader.message(type: ICMPHeader.echoReply, code: 0, restOfHeader: icmp.restOfHeader, data: data)
        let back = IPv4Header.packet(source: "10.2.2.2", destination: "192.168.1.1", protocol: IPProtocol.icmp, ttl: 50, identification: 3, payload: reply)
        let delivered = try #require(b.send(ipFrame(to: b.mac("lan2"), from: peerMAC, back), on: "lan2").first.flatMap { ip($0.frame) })
        let (icmpBack, _) = try ICMPHeader.parse(delivered.payload)
        #expect(delivered.header.destination == "192.168.100.10" && icmpBack.identifier == 77)
    }

    func udp(_ nat: inout Masquerade, from host: IPv4Address, _ port: Int, at now: Duration = .zero) -> Masquerade.Verdict {
        var packet = udpPacket(from: host, UInt16(truncatingIfNeeded: port), to: "10.2.2.2", 53)
        let header = try! IPv4Header.parse(packet).header
        return nat.outbound(&packet, header: header, now: now)
    }

    func tcp(_ nat: inout Masquerade, from host: IPv4Address, _ port: UInt16, flags: UInt8 = 0x10, at now: Duration = .zero) -> UInt16? {
        var segment = ByteBufferAllocator().buffer(capacity: 20)
        segment.writeInteger(port)
        segment.writeInteger(UInt16(80))
        segment.writeInteger(UInt32(1))
        segment.writeInteger(UInt32(1))
        segment.writeInteger(UInt8(0x50))
        segment.writeInteger(flags)
        segment.writeInteger(UInt16(1000))
        segment.writeInteger(UInt32(0))
        var packet = IPv4Header.packet(source: host, destination: "10.2.2.2", protocol: IPProtocol.tcp, ttl: 64, identification: 1,
                                       payload: segment)
        let header = try! IPv4Header.parse(packet).header
        guard nat.outbound(&packet, header: header, now: now) == .translated else { return nil }
        return packet.getInteger(at: packet.readerIndex + 20, as: UInt16.self)
    }

    @Test func aFullPoolGivesTheOldestSessionsPortToTheNewest() {
        var nat = Masquerade(descriptor: 1, outer: "192.168.1.1", statics: [], portRanges: [60000...60009])
        for port in 0..<13 { #expect(udp(&nat, from: "192.168.100.10", 1000 + port, at: .milliseconds(port)) == .translated) }
        #expect(nat.mappings.count == 10 && nat.evicted == 3)
        #expect(!nat.mappings.values.contains { $0.flow.innerPort < 1003 }, "the three oldest went")
        // After the timer every port is free again, without eviction.
        #expect(udp(&nat, from: "192.168.100.10", 999, at: .seconds(901)) == .translated)
        #expect(nat.mappings.count == 1 && nat.evicted == 3)
    }

    @Test func aClosedTCPSessionGoesBeforeTheOldest() throws {
        var nat = Masquerade(descriptor: 1, outer: "192.168.1.1", statics: [], portRanges: [60000...60003])
        var outer: [UInt16] = []
        for port in UInt16(1)...4 { outer.append(try #require(tcp(&nat, from: "192.168.100.10", 1000 + port))) }
        // The third session closes (FIN): the next new one takes its port, not the first's.
        #expect(tcp(&nat, from: "192.168.100.10", 1003, flags: 0x11) == outer[2])
        #expect(tcp(&nat, from: "192.168.100.10", 2000) == outer[2])
        #expect(tcp(&nat, from: "192.168.100.10", 2001) == outer[0], "then the oldest")
        // A closed session lives 60 s, not 900.
        #expect(tcp(&nat, from: "192.168.100.10", 1004, flags: 0x14) == outer[3])
        nat.expire(now: .seconds(61))
        #expect(!nat.mappings.values.contains { $0.flow.innerPort == 1004 })
    }

    /// One host (or many spoofed sources) cannot take the masquerade from everyone: each host holds at
    /// most `session limit` sessions, and the others still get theirs.
    @Test func theSessionLimitKeepsOneHostFromTakingEveryPort() throws {
        var b = try bench()
        #expect(b.type("nat descriptor masquerade session limit 1 1 100").isEmpty)
        var translated = 0
        for port in 0..<150 {
            let out = b.send(ipFrame(to: b.mac("lan1"), from: hostMAC, udpPacket(from: "192.168.100.10", UInt16(2000 + port), to: "10.2.2.2", 53)),
                             on: "lan1")
            translated += out.count
        }
        #expect(translated == 100 && b.router.drops[.natSessionLimit] == 50)
        _ = b.send(arpRequest(from: peerMAC, ip: "192.168.100.11", asking: "192.168.100.1"), on: "lan1")
        let other = b.send(ipFrame(to: b.mac("lan1"), from: peerMAC, udpPacket(from: "192.168.100.11", 5000, to: "10.2.2.2", 53)), on: "lan1")
        #expect(other.map(\.port) == ["lan2"])
        let table = b.type("show nat descriptor address")
        #expect(table.contains("192.168.100.10             100             100"))
        #expect(table.contains("Port range: 60000-64095, 49152-59999, 44096-49151"))
        // Three protocols of 20,000 ports; the static entries' ports lie outside the ranges.
        #expect(b.type("show status table").contains("NAT descriptor 1 sessions (lan2): 101 of 60000, 50 refused, 0 evicted"))
    }

    /// 100,000 flows from spoofed sources through a small pool: each new flow costs O(1) (this test would
    /// take minutes with a scan of the pool per flow), and the table never outgrows its ports.
    @Test func aFloodOfFlowsStaysInsideThePool() {
        var nat = Masquerade(descriptor: 1, outer: "192.168.1.1", statics: [], portRanges: [60000...64095])
        for i in 0..<100_000 {
            let host = IPv4Address(0xC0A8_6400 | UInt32(i % 250 + 2))
            #expect(udp(&nat, from: host, i, at: .milliseconds(i)) == .translated)
        }
        #expect(nat.mappings.count == 4096 && nat.evicted == 100_000 - 4096)
        #expect(nat.sessionsPerHost.values.reduce(0, +) == 4096)
    }
}

@Suite struct MasqueradeUnitTests {
    func translate(_ nat: inout Masquerade, _ packet: ByteBuffer, outbound: Bool) -> (Masquerade.Verdict, IPv4Header) {
        var p = packet
        let header = try! IPv4Header.parse(p).header
        let verdict = outbound ? nat.outbound(&p, header: header, now: .zero) : nat.inbound(&p, header: header, now: .zero)
        return (verdict, try! IPv4Header.parse(p).header)
    }

    @Test func innerRangeLimitsWhatIsTranslated() {
        var nat = Masquerade(descriptor: 1, outer: "192.168.1.1", inner: ("192.168.100.10" as IPv4Address)...("192.168.100.20" as IPv4Address), statics: [])
        #expect(translate(&nat, udpPacket(from: "192.168.100.15", 5, to: "10.0.0.1", 53), outbound: true).0 == .translated)
        #expect(translate(&nat, udpPacket(from: "192.168.100.30", 5, to: "10.0.0.1", 53), outbound: true).0 == .untouched)
    }

    @Test func icmpStaticSendsAllInboundICMPToOneHost() {
        let s = Masquerade.StaticEntry(inner: "192.168.100.5", protocol: IPProtocol.icmp, outerPort: nil, innerPort: nil)
        var nat = Masquerade(descriptor: 1, outer: "192.168.1.1", statics: [s])
        let (verdict, header) = translate(&nat, echoRequest(from: "10.0.0.9", to: "192.168.1.1", id: 3), outbound: false)
        #expect(verdict == .translated && header.destination == "192.168.100.5")
        let (out, outHeader) = translate(&nat, echoRequest(from: "192.168.100.5", to: "10.0.0.9", id: 3), outbound: true)
        #expect(out == .translated && outHeader.source == "192.168.1.1")
        // Without the static entry an echo request to the outer address is the router's.
        var plain = Masquerade(descriptor: 1, outer: "192.168.1.1", statics: [])
        #expect(translate(&plain, echoRequest(from: "10.0.0.9", to: "192.168.1.1"), outbound: false).0 == .untouched)
    }

    @Test func staticWithPortMapping() {
        let s = Masquerade.StaticEntry(inner: "192.168.100.5", protocol: IPProtocol.tcp, outerPort: 8080, innerPort: 80)
        var nat = Masquerade(descriptor: 1, outer: "192.168.1.1", statics: [s])
        let syn = TCPHeader.segment(sourcePort: 40000, destinationPort: 8080, sequence: 1, acknowledgment: 0, flags: TCPHeader.syn,
                                    window: 1000, payload: ByteBuffer(), source: "10.0.0.9", destination: "192.168.1.1")
        var packet = IPv4Header.packet(source: "10.0.0.9", destination: "192.168.1.1", protocol: IPProtocol.tcp, ttl: 60, identification: 1, payload: syn)
        let header = try! IPv4Header.parse(packet).header
        #expect(nat.inbound(&packet, header: header, now: .zero) == .translated)
        let (h, payload) = try! IPv4Header.parse(packet)
        let tcp = try! TCPHeader.parse(payload, source: h.source, destination: h.destination).header
        #expect(h.destination == "192.168.100.5" && tcp.destinationPort == 80, "checksums verified by parse")
    }
}
