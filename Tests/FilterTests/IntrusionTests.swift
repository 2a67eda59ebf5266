import Config
import Filter
import NIOCore
import Testing
import Wire

/// Intrusion detection on real packets built with Wire: what is seen, logged, and refused.
@Suite struct IntrusionTests {
    func verdict(_ packet: ByteBuffer, _ lines: String, engine e: FilterEngine, at seconds: Int = 0) throws -> DropReason? {
        let header = try IPv4Header.parse(packet).header
        return e.inspect(packet, header: header, FilterPacket(packet, header: header), slot: 0, direction: .in, now: .seconds(seconds))
    }

    /// The packet with its header changed (the checksum written anew).
    func changed(_ packet: ByteBuffer, _ change: (inout IPv4Header) -> Void) throws -> ByteBuffer {
        var (header, payload) = try IPv4Header.parse(packet)
        change(&header)
        var out = ByteBuffer()
        header.write(to: &out)
        out.writeBuffer(&payload)
        return out
    }

    func tcpPacket(_ src: IPv4Address, _ dst: IPv4Address, flags: UInt16) -> ByteBuffer {
        let segment = TCPHeader.segment(sourcePort: 1000, destinationPort: 80, sequence: 1, acknowledgment: 0, flags: flags,
                                        window: 100, payload: ByteBuffer(), source: src, destination: dst)
        return IPv4Header.packet(source: src, destination: dst, protocol: IPProtocol.tcp, ttl: 64, identification: 1, payload: segment)
    }

    @Test func landAttackIsAlwaysRefused() throws {
        let e = try engine("ip lan2 intrusion detection in on")
        #expect(try verdict(tcpPacket("203.0.113.5", "203.0.113.5", flags: TCPHeader.syn), "", engine: e) == .intrusion(.ip))
        #expect(e.takeLines() == ["[IDS] LAN2[in] Land attack: TCP 203.0.113.5:1000 > 203.0.113.5:80, rejected"])
    }

    @Test func tcpFlagAttacksAreLoggedAndRefusedOnlyWithReject() throws {
        let e = try engine("ip lan2 intrusion detection in on")
        #expect(try verdict(tcpPacket("1.1.1.1", "2.2.2.2", flags: TCPHeader.syn | TCPHeader.fin), "", engine: e) == nil)
        #expect(try verdict(tcpPacket("1.1.1.1", "2.2.2.2", flags: 0), "", engine: e) == nil)
        #expect(try verdict(tcpPacket("1.1.1.1", "2.2.2.2", flags: TCPHeader.fin | TCPHeader.psh | TCPHeader.urg), "", engine: e) == nil)
        #expect(try verdict(tcpPacket("1.1.1.1", "2.2.2.2", flags: TCPHeader.syn), "", engine: e) == nil)
        #expect(e.takeLines() == [
            "[IDS] LAN2[in] TCP SYN and FIN: TCP 1.1.1.1:1000 > 2.2.2.2:80",
            "[IDS] LAN2[in] TCP no bits set: TCP 1.1.1.1:1000 > 2.2.2.2:80",
            "[IDS] LAN2[in] TCP Xmas scan: TCP 1.1.1.1:1000 > 2.2.2.2:80",
        ])
        let r = try engine("ip lan2 intrusion detection in on reject=on")
        #expect(try verdict(tcpPacket("1.1.1.1", "2.2.2.2", flags: TCPHeader.syn | TCPHeader.fin), "", engine: r) == .intrusion(.tcp))
        let off = try engine("ip lan2 intrusion detection in on reject=on\nip lan2 intrusion detection in tcp off")
        #expect(try verdict(tcpPacket("1.1.1.1", "2.2.2.2", flags: TCPHeader.syn | TCPHeader.fin), "", engine: off) == nil)
        #expect(off.takeLines().isEmpty, "a type set off is not watched")
    }

    @Test func repeatsAreLoggedOncePerMinute() throws {
        let e = try engine("ip lan2 intrusion detection in on")
        for second in [0, 10, 59, 61] {
            _ = try verdict(tcpPacket("1.1.1.1", "2.2.2.2", flags: 0), "", engine: e, at: second)
        }
        #expect(e.takeLines().count == 2)
    }

    @Test func optionsFragmentsICMPAndUDP() throws {
        let e = try engine("ip lan2 intrusion detection in on reject=on")
        // Record route, by its option kind.
        var header = IPv4Header(totalLength: 32, identification: 1, ttl: 64, protocol: IPProtocol.udp, source: "1.1.1.1", destination: "2.2.2.2")
        header.options = [7, 3, 4, 0]
        var packet = ByteBuffer()
        header.write(to: &packet)
        packet.writeBytes([0, 1, 0, 2, 0, 8, 0, 0])
        #expect(try verdict(packet, "", engine: e) == .intrusion(.ipOption))
        // A TCP fragment at offset 8 (RFC 1858).
        let fragment = try changed(tcpPacket("1.1.1.1", "2.2.2.2", flags: TCPHeader.ack)) { $0.flagsAndFragmentOffset = 1 }
        #expect(try verdict(fragment, "", engine: e) == .intrusion(.fragment))
        // A fragment reaching past 65,535 bytes (ping of death).
        let death = try changed(IPv4Header.packet(source: "1.1.1.1", destination: "2.2.2.3", protocol: IPProtocol.icmp, ttl: 64,
                                                  identification: 9, payload: ByteBuffer(repeating: 0, count: 1000))) {
            $0.flagsAndFragmentOffset = 8100
        }
        #expect(try verdict(death, "", engine: e) == .intrusion(.fragment))
        // A UDP length beyond the packet.
        let bomb = IPv4Header.packet(source: "1.1.1.1", destination: "2.2.2.4", protocol: IPProtocol.udp, ttl: 64, identification: 9,
                                     payload: ByteBuffer(bytes: [0, 1, 0, 2, 0, 200, 0, 0]))
        #expect(try verdict(bomb, "", engine: e) == .intrusion(.udp))
        #expect(e.takeLines().map { $0.split(separator: ":")[0] } == [
            "[IDS] LAN2[in] Record route IP option", "[IDS] LAN2[in] TCP fragment overlap",
            "[IDS] LAN2[in] Large fragment offset", "[IDS] LAN2[in] UDP bomb",
        ])
    }
}
