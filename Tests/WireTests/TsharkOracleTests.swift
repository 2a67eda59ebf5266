import Foundation
import NIOCore
import OracleSupport
import Testing
@testable import Wire

/// Frames built by Wire, decoded by an independent implementation (Wireshark's dissectors).
/// Runs only with SOFTRTX_ORACLES=1, and then fails if tshark is missing.
@Suite(.enabled(if: Oracle.enabled))
struct TsharkOracleTests {
    static let routerMAC = MACAddress(0x00A0_DE01_0203)
    static let hostMAC = MACAddress(0x0211_2233_4455)
    static let router = IPv4Address(192, 168, 100, 1)
    static let host = IPv4Address(192, 168, 100, 2)
    static let wan = IPv4Address(203, 0, 113, 1)
    static let server = IPv4Address(198, 51, 100, 9)

    /// One frame each; the row expected from tshark is checked field by field.
    static func frames() -> [ByteBuffer] {
        let request = ARPPacket(operation: .request, senderMAC: routerMAC, senderIP: router, targetMAC: .zero, targetIP: host)
        let reply = ARPPacket(operation: .reply, senderMAC: hostMAC, senderIP: host, targetMAC: routerMAC, targetIP: router)
        let echo = ICMPHeader.message(type: ICMPHeader.echoRequest, code: 0, restOfHeader: 0x1234_0007,
                                      data: ByteBuffer(string: "abcdefghijklmnopqrstuvwabcdefghi"))
        let echoReply = ICMPHeader.message(type: ICMPHeader.echoReply, code: 0, restOfHeader: 0x1234_0007,
                                           data: ByteBuffer(string: "abcdefghijklmnopqrstuvwabcdefghi"))
        let udp = IPv4Header.packet(source: host, destination: server, protocol: IPProtocol.udp, ttl: 1, identification: 0x0101,
                                    payload: UDPHeader.datagram(sourcePort: 5000, destinationPort: 1701,
                                                                payload: ByteBuffer(string: "softrtx!"), source: host, destination: server))
        let timeExceeded = ICMPHeader.message(type: ICMPHeader.timeExceeded, code: 0, restOfHeader: 0,
                                              data: ICMPHeader.errorData(quoting: udp))
        let tcp = TCPHeader.segment(sourcePort: 40000, destinationPort: 80, sequence: 0x0102_0304, acknowledgment: 0,
                                    flags: TCPHeader.syn, window: 64240, payload: ByteBuffer(), source: host, destination: server)

        // The UDP packet forwarded through source NAT: TTL, address and UDP checksum all patched incrementally.
        var natted = IPv4Header.packet(source: host, destination: server, protocol: IPProtocol.udp, ttl: 64, identification: 0x0202,
                                       payload: UDPHeader.datagram(sourcePort: 5000, destinationPort: 1701, payload: ByteBuffer(string: "nat"),
                                                                   source: host, destination: server))
        IPv4Header.decrementTTL(in: &natted)
        IPv4Header.setSource(wan, in: &natted)
        let udpChecksumAt = natted.readerIndex + 20 + 6
        if let old = natted.getInteger(at: udpChecksumAt, as: UInt16.self) {
            natted.setInteger(InternetChecksum.update(old, old: host.value, new: wan.value), at: udpChecksumAt)
        }

        func ip(_ source: IPv4Address, _ destination: IPv4Address, _ proto: UInt8, _ payload: ByteBuffer) -> ByteBuffer {
            IPv4Header.packet(source: source, destination: destination, protocol: proto, ttl: 64, identification: 0x4242,
                              dontFragment: true, payload: payload)
        }
        return [
            EthernetHeader.frame(destination: .broadcast, source: routerMAC, etherType: EtherType.arp, payload: request.buffer),
            EthernetHeader.frame(destination: routerMAC, source: hostMAC, etherType: EtherType.arp, payload: reply.buffer),
            EthernetHeader.frame(destination: routerMAC, source: hostMAC, etherType: EtherType.ipv4,
                                 payload: ip(host, router, IPProtocol.icmp, echo)),
            EthernetHeader.frame(destination: hostMAC, source: routerMAC, etherType: EtherType.ipv4,
                                 payload: ip(router, host, IPProtocol.icmp, echoReply)),
            EthernetHeader.frame(destination: routerMAC, source: hostMAC, etherType: EtherType.ipv4, payload: udp),
            EthernetHeader.frame(destination: hostMAC, source: routerMAC, etherType: EtherType.ipv4,
                                 payload: ip(router, host, IPProtocol.icmp, timeExceeded)),
            EthernetHeader.frame(destination: routerMAC, source: hostMAC, etherType: EtherType.ipv4, payload: ip(host, server, IPProtocol.tcp, tcp)),
            EthernetHeader.frame(destination: hostMAC, source: routerMAC, etherType: EtherType.ipv4, payload: natted),
        ]
    }

    static let fields = [
        "eth.src", "eth.dst", "arp.opcode", "arp.src.hw_mac", "arp.src.proto_ipv4", "arp.dst.proto_ipv4",
        "ip.src", "ip.dst", "ip.ttl", "ip.checksum.status",
        "icmp.type", "icmp.code", "icmp.ident", "icmp.seq", "icmp.checksum.status",
        "udp.srcport", "udp.dstport", "udp.checksum.status",
        "tcp.srcport", "tcp.dstport", "tcp.flags.syn", "tcp.checksum.status",
        "_ws.malformed", "_ws.expert.severity",
    ]

    /// Expected values per frame (fields not listed are not checked). Checksum status 1 is "Good".
    static let expected: [[String: String]] = [
        ["eth.src": "00:a0:de:01:02:03", "eth.dst": "ff:ff:ff:ff:ff:ff", "arp.opcode": "1", "arp.src.hw_mac": "00:a0:de:01:02:03",
         "arp.src.proto_ipv4": "192.168.100.1", "arp.dst.proto_ipv4": "192.168.100.2"],
        ["eth.src": "02:11:22:33:44:55", "eth.dst": "00:a0:de:01:02:03", "arp.opcode": "2", "arp.src.hw_mac": "02:11:22:33:44:55",
         "arp.src.proto_ipv4": "192.168.100.2", "arp.dst.proto_ipv4": "192.168.100.1"],
        ["ip.src": "192.168.100.2", "ip.dst": "192.168.100.1", "ip.ttl": "64", "ip.checksum.status": "1",
         "icmp.type": "8", "icmp.code": "0", "icmp.ident": "4660", "icmp.seq": "7", "icmp.checksum.status": "1"],
        ["ip.src": "192.168.100.1", "ip.dst": "192.168.100.2", "ip.checksum.status": "1",
         "icmp.type": "0", "icmp.ident": "4660", "icmp.seq": "7", "icmp.checksum.status": "1"],
        ["ip.src": "192.168.100.2", "ip.dst": "198.51.100.9", "ip.ttl": "1", "ip.checksum.status": "1",
         "udp.srcport": "5000", "udp.dstport": "1701", "udp.checksum.status": "1"],
        // Outer header first, then the quoted one.
        ["ip.src": "192.168.100.1,192.168.100.2", "ip.dst": "192.168.100.2,198.51.100.9", "ip.checksum.status": "1,1",
         "icmp.type": "11", "icmp.code": "0", "icmp.checksum.status": "1", "udp.srcport": "5000", "udp.dstport": "1701"],
        ["ip.src": "192.168.100.2", "ip.dst": "198.51.100.9", "ip.checksum.status": "1",
         "tcp.srcport": "40000", "tcp.dstport": "80", "tcp.flags.syn": "1", "tcp.checksum.status": "1"],
        ["ip.src": "203.0.113.1", "ip.dst": "198.51.100.9", "ip.ttl": "63", "ip.checksum.status": "1",
         "udp.srcport": "5000", "udp.dstport": "1701", "udp.checksum.status": "1"],
    ]

    @Test func tsharkDecodesOurFrames() throws {
        let tshark = try #require(Oracle.findExecutable("tshark"), "tshark not found on PATH (install it, or unset SOFTRTX_ORACLES)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("softrtx-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("wire.pcap")
        let frames = Self.frames()
        try Oracle.pcap(frames).write(to: file)

        let preferences = ["-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE"]
        let output = try Oracle.run(tshark, ["-n", "-r", file.path] + preferences
            + ["-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,"]
            + Self.fields.flatMap { ["-e", $0] })
        let rows = output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
        try #require(rows.count == frames.count, "tshark printed \(rows.count) rows:\n\(output)")
        for (index, row) in rows.enumerated() {
            let values = Dictionary(uniqueKeysWithValues: zip(Self.fields, row + Array(repeating: "", count: max(0, Self.fields.count - row.count))))
            for (field, value) in Self.expected[index] {
                #expect(values[field] == value, "frame \(index + 1) \(field)")
            }
            #expect(values["_ws.malformed"] == "", "frame \(index + 1) malformed")
        }

        // Independently of field formatting: no frame is malformed or carries an error-level expert item.
        let bad = try Oracle.run(tshark, ["-n", "-r", file.path] + preferences + ["-Y", "_ws.malformed || _ws.expert.severity == error"])
        #expect(bad.isEmpty, "tshark flags frames:\n\(bad)")
    }
}

