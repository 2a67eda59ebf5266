import Config
import Filter
import Foundation
import NIOCore
import OracleSupport
import Testing
import Wire

/// The static matcher against an independent one: random packets in a pcap, each RTX filter next
/// to a Wireshark display filter written by hand from the reference's wording (8.1.10), and the
/// frames tshark selects must be exactly those the filter matches. Runs with SOFTRTX_ORACLES=1.
@Suite(.enabled(if: Oracle.enabled))
struct TsharkFilterOracleTests {
    static let cases: [(rtx: String, wireshark: String)] = [
        ("reject 192.168.0.0/16 * * * *", "ip.src == 192.168.0.0/16"),
        ("reject * * udp,tcp 135 *", "tcp.srcport == 135 || udp.srcport == 135"),
        ("reject * * udp,tcp * netbios_ns-netbios_ssn", "(tcp.dstport >= 137 && tcp.dstport <= 139) || (udp.dstport >= 137 && udp.dstport <= 139)"),
        ("restrict * * tcpfin * www,21,nntp", "tcp.flags.fin == 1 && (tcp.dstport == 80 || tcp.dstport == 21 || tcp.dstport == 119)"),
        ("pass * 192.168.100.0/24 icmp * *", "icmp && ip.dst == 192.168.100.0/24"),
        ("pass * 192.168.100.0/24 established * *", "tcp.flags.ack == 1 && ip.dst == 192.168.100.0/24"),
        ("pass * * icmp 8", "icmp.type == 8"),
        ("pass * * icmp 3 1,3", "icmp.type == 3 && (icmp.code == 1 || icmp.code == 3)"),
        ("pass * * icmp-error", "icmp.type == 3 || icmp.type == 4 || icmp.type == 5 || icmp.type == 11 || icmp.type == 12"),
        ("pass * * tcpflag=0x0002/0x0017", "tcp.flags.syn == 1 && tcp.flags.fin == 0 && tcp.flags.reset == 0 && tcp.flags.ack == 0"),
        ("pass * * tcpsyn,tcprst", "tcp.flags.syn == 1 || tcp.flags.reset == 1"),
        ("reject * * * * 1024-", "tcp.dstport >= 1024 || udp.dstport >= 1024 || !(tcp || udp)"),
        ("pass 10.1.2.3-172.16.5.4 *", "ip.src >= 10.1.2.3 && ip.src <= 172.16.5.4"),
        ("pass * 192.168.*.* esp,gre", "(ip.proto == 50 || ip.proto == 47) && ip.dst == 192.168.0.0/16"),
        ("pass * * 6,17 -1023 53,80", "(tcp.srcport <= 1023 && (tcp.dstport == 53 || tcp.dstport == 80)) || (udp.srcport <= 1023 && (udp.dstport == 53 || udp.dstport == 80))"),
    ]

    static func packets() -> [ByteBuffer] {
        var random = SeededGenerator(seed: 830)
        func pick<T>(_ list: [T]) -> T { list[Int(random.next() % UInt64(list.count))] }
        let addresses: [IPv4Address] = ["192.168.100.2", "192.168.1.5", "10.1.2.3", "10.200.0.1", "172.16.5.4", "172.16.5.5", "203.0.113.9"]
        let ports: [UInt16] = [21, 23, 53, 80, 119, 135, 137, 139, 445, 1023, 1024, 40000, 65535]
        return (0..<600).map { _ in
            let src = pick(addresses), dst = pick(addresses)
            let payload: ByteBuffer
            let proto: UInt8 = pick([IPProtocol.tcp, IPProtocol.udp, IPProtocol.icmp, IPProtocol.esp, 47])
            switch proto {
            case IPProtocol.tcp:
                payload = TCPHeader.segment(sourcePort: pick(ports), destinationPort: pick(ports), sequence: 1, acknowledgment: 1,
                                            flags: UInt16(truncatingIfNeeded: random.next()) & 0x3F, window: 100, payload: ByteBuffer(),
                                            source: src, destination: dst)
            case IPProtocol.udp:
                payload = UDPHeader.datagram(sourcePort: pick(ports), destinationPort: pick(ports), payload: ByteBuffer(bytes: [1, 2]),
                                             source: src, destination: dst)
            case IPProtocol.icmp:
                payload = ICMPHeader.message(type: pick([0, 3, 4, 5, 8, 11, 13]), code: pick([0, 1, 3]), restOfHeader: 0,
                                             data: ByteBuffer(bytes: [0, 0, 0, 0]))
            case IPProtocol.esp:
                payload = ByteBuffer(bytes: [0, 0, 1, 0, 0, 0, 0, 1] + Array(repeating: 0x33, count: 24))
            default:
                payload = ByteBuffer(repeating: 0, count: 8)
            }
            let packet = IPv4Header.packet(source: src, destination: dst, protocol: proto, ttl: 64, identification: 1, payload: payload)
            return EthernetHeader.frame(destination: MACAddress(0x02_00_00_00_00_02), source: MACAddress(0x02_00_00_00_00_01),
                                        etherType: EtherType.ipv4, payload: packet)
        }
    }

    @Test func everyFilterSelectsWhatWiresharkSelects() throws {
        let frames = TsharkFilterOracleTests.packets()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("softrtx-filter-oracle-\(getpid()).pcap")
        try Oracle.pcap(frames).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        for (rtx, wireshark) in TsharkFilterOracleTests.cases {
            let engine = FilterEngine()
            engine.configure(try Config.parse("ip filter 1 \(rtx)\nip lan2 secure filter in 1"), interfaces: [("lan2", "LAN2")])
            var ours: [Int] = []
            for (index, frame) in frames.enumerated() {
                var packet = frame
                packet.moveReaderIndex(forwardBy: EthernetHeader.length)
                let header = try IPv4Header.parse(packet).header
                if engine.check(FilterPacket(packet, header: header), slot: 0, direction: .in, now: .zero) != .filterNoMatch {
                    ours.append(index + 1)
                }
            }
            let output = try Oracle.tshark(["-r", file.path, "-Y", wireshark, "-T", "fields", "-e", "frame.number"])
            let theirs = output.split(separator: "\n").compactMap { Int($0) }
            #expect(ours == theirs, "ip filter 1 \(rtx) against \(wireshark)")
            #expect(!ours.isEmpty && ours.count < frames.count, "the sample exercises \(rtx) both ways")
        }
    }
}
