import Foundation
import NIOCore
import OracleSupport
import Testing
@testable import Wire

/// Known vectors: dig 9.18 queries and dnsmasq 2.90 answers captured with tcpdump on a namespace's
/// loopback (`dnsmasq --no-resolv --host-record=www.example.com,203.0.113.80
/// --cname=alias.example.com,www.example.com --mx-host=example.com,mail.example.com,10`).
@Suite struct DNSMessageTests {
    /// `dig alias.example.com A`: RD, AD, an OPT record (4,096 bytes) with a client cookie.
    static let digQuery = "42c00120000100000000000105616c696173076578616d706c6503636f6d000001000100002904d000000000000c000a00080729cafa7488353c"
    /// dnsmasq's answer: a CNAME and the A it leads to, the A's owner compressed into the CNAME's RDATA.
    static let dnsmasqAnswer = "42c08580000100020000000105616c696173076578616d706c6503636f6d0000010001c00c0005000100000000001103777777076578616d706c6503636f6d00c02f00010001000000000004cb00715000002904d0000000000000"
    /// `dig example.com MX` answered: preference 10, exchange name compressed.
    static let mxAnswer = "54d485800001000100000001076578616d706c6503636f6d00000f0001c00c000f0001000000000014000a046d61696c076578616d706c6503636f6d0000002904d0000000000000"
    /// `dig +noedns nothere.example.com` refused (dnsmasq has no upstream).
    static let refused = "bdc381850001000000000000076e6f7468657265076578616d706c6503636f6d0000010001"

    @Test func parsesDigQuery() throws {
        let m = try DNSMessage.parse(hexBuffer(Self.digQuery))
        #expect(m.id == 0x42C0)
        #expect(!m.isResponse && m.opcode == 0 && m.recursionDesired)
        #expect(m.questions == [DNSQuestion(name: DNSName("alias.example.com")!, type: .a)])
        #expect(m.additionals.count == 1 && m.additionals[0].type == .opt && m.additionals[0].name == .root)
        #expect(m.udpPayloadLimit == 1232)
        #expect(m.additionals[0].data == .opaque([0x00, 0x0A, 0x00, 0x08, 0x07, 0x29, 0xCA, 0xFA, 0x74, 0x88, 0x35, 0x3C]))
        // No name to compress twice: our bytes are dig's.
        #expect(bytes(m.buffer) == bytes(hexBuffer(Self.digQuery)))
    }

    @Test func parsesDnsmasqAnswerThroughPointers() throws {
        let m = try DNSMessage.parse(hexBuffer(Self.dnsmasqAnswer))
        #expect(m.isResponse && m.flags & DNSMessage.authoritativeFlag != 0 && m.responseCode == .noError)
        #expect(m.answers.count == 2)
        #expect(m.answers[0].name == DNSName("alias.example.com")! && m.answers[0].data == .name(DNSName("www.example.com")!))
        #expect(m.answers[1].name == DNSName("www.example.com")! && m.answers[1].data == .a(IPv4Address(203, 0, 113, 80)))
        #expect(m.answers[1].ttl == 0)
        // Written again with our own compression, it reads back the same.
        let again = try DNSMessage.parse(m.buffer)
        #expect(again == m)
        #expect(m.buffer.readableBytes <= hexBuffer(Self.dnsmasqAnswer).readableBytes)
    }

    @Test func parsesMXAndRefused() throws {
        let mx = try DNSMessage.parse(hexBuffer(Self.mxAnswer))
        #expect(mx.answers.first?.data == .mx(preference: 10, exchange: DNSName("mail.example.com")!))
        #expect(mx.answers.first?.dataText == "10 mail.example.com.")
        let refused = try DNSMessage.parse(hexBuffer(Self.refused))
        #expect(refused.responseCode == .refused && refused.answers.isEmpty && refused.udpPayloadLimit == 512)
        #expect(try DNSMessage.parse(refused.buffer) == refused)
        #expect(bytes(refused.buffer) == bytes(hexBuffer(Self.refused)))
    }

    @Test func namesCompareWithoutCase() throws {
        #expect(DNSName("WWW.Example.COM") == DNSName("www.example.com."))
        #expect(Set([DNSName("A.b")!, DNSName("a.B")!]).count == 1)
        #expect(DNSName("www.example.com")!.isSubdomain(of: DNSName("EXAMPLE.com")!))
        #expect(DNSName("4.3.2.1.in-addr.arpa")?.reverseIPv4 == IPv4Address(1, 2, 3, 4))
        #expect(DNSName("04.3.2.1.in-addr.arpa")?.reverseIPv4 == nil)
        #expect(DNSName("3.2.1.in-addr.arpa")?.reverseIPv4 == nil)
        #expect(DNSName(reverse: IPv4Address(192, 168, 0, 1)).text == "1.0.168.192.in-addr.arpa")
        #expect(DNSName(String(repeating: "a", count: 64)) == nil)
        #expect(DNSName(Array(repeating: "abcdefg", count: 32).joined(separator: ".")) == nil)
        #expect(DNSName.root.description == "." && DNSName("a..b") == nil)
    }

    @Test func ipv6Text() {
        #expect(IPv6Address("2001:db8::80")?.description == "2001:db8::80")
        #expect(IPv6Address("2001:0db8:0:0:1:0:0:1")?.description == "2001:db8::1:0:0:1")
        #expect(IPv6Address("::")?.description == "::")
        #expect(IPv6Address("::ffff:192.0.2.1")?.bytes.suffix(4) == [192, 0, 2, 1])
        #expect(IPv6Address("1::2::3") == nil && IPv6Address("12345::") == nil && IPv6Address("1:2:3:4:5:6:7") == nil)
        #expect(IPv6Address("1:2:3:4:5:6:7:8")?.description == "1:2:3:4:5:6:7:8")
    }

    /// Each kind of malformed message refused under its own reason.
    @Test(arguments: [
        ("42c0010000", DropReason.dnsTruncated),
        // QDCOUNT 1, no question.
        ("42c0010000010000000000 00", .dnsTruncated),
        // The question's name is a pointer to itself.
        ("42c001000001000000000000c00c00010001", .dnsBadPointer),
        // A pointer forward, past the name.
        ("42c001000001000000000000c01000010001000000", .dnsBadPointer),
        // Two labels pointing at each other: 12 -> "a" then pointer to 12.
        ("42c00100000100000000000001 61 c00c 00010001", .dnsBadPointer),
        // Label type 01.
        ("42c001000001000000000000 41 61 00 00010001", .dnsBadLabel),
        // Label type 10.
        ("42c001000001000000000000 81 61 00 00010001", .dnsBadLabel),
        // A record with RDLENGTH 5.
        ("42c08100000000010000000000 0001 0001 00000000 0005 0102030405", .dnsBadRecordData),
        // CNAME whose name runs past its RDLENGTH of 2.
        ("42c08100000000010000000000 0005 0001 00000000 0002 0161 00 0000", .dnsBadRecordData),
        // RDLENGTH beyond the message.
        ("42c08100000000010000000000 0001 0001 00000000 0004 0102", .dnsTruncated),
    ])
    func refusesMalformed(hex: String, reason: DropReason) {
        #expect(throws: reason) { try DNSMessage.parse(hexBuffer(hex)) }
    }

    @Test func refusesNameOver255Bytes() {
        // Five labels of 63 bytes: 321 bytes.
        let label = "3f" + String(repeating: "61", count: 63)
        let hex = "42c0010000010000000000 00" + String(repeating: label, count: 5) + "00 00010001"
        #expect(throws: DropReason.dnsNameTooLong) { try DNSMessage.parse(hexBuffer(hex)) }
    }

    /// A TXT record whose RDATA holds `count` names, each "a" and a pointer to the one before, then
    /// an A record whose owner points at the last: a chain of `count` pointers, strictly backwards.
    static func chain(_ count: Int) -> ByteBuffer {
        let rdataAt = 12 + 1 + 10
        var rdata: [UInt8] = [0]
        var previous = rdataAt
        for _ in 0..<count {
            let here = rdataAt + rdata.count
            rdata += [1, 0x61, 0xC0 | UInt8(previous >> 8), UInt8(truncatingIfNeeded: previous)]
            previous = here
        }
        var message: [UInt8] = [0x42, 0xC0, 0x81, 0x00, 0, 0, 0, 2, 0, 0, 0, 0]
        message += [0, 0, 16, 0, 1, 0, 0, 0, 0, UInt8(rdata.count >> 8), UInt8(truncatingIfNeeded: rdata.count)] + rdata
        message += [0xC0 | UInt8(previous >> 8), UInt8(truncatingIfNeeded: previous), 0, 1, 0, 1, 0, 0, 0, 0, 0, 4, 192, 0, 2, 1]
        var buffer = ByteBuffer()
        buffer.writeBytes(message)
        return buffer
    }

    @Test func pointerChainsUpToTheLongestName() throws {
        // 127 labels of one byte: 255 bytes, the longest name.
        let m = try DNSMessage.parse(Self.chain(127))
        #expect(m.answers[1].name.labels.count == 127 && m.answers[1].name.wireLength == 255)
        #expect(throws: DropReason.dnsNameTooLong) { try DNSMessage.parse(Self.chain(128)) }
    }

    @Test func truncatesForSmallClients() throws {
        let answer = try DNSMessage.parse(hexBuffer(Self.dnsmasqAnswer))
        let cut = try DNSMessage.parse(answer.buffer(limit: 40))
        #expect(cut.isTruncated && cut.answers.isEmpty && cut.questions == answer.questions)
        #expect(try DNSMessage.parse(answer.buffer(limit: 512)) == answer)
    }

    /// Random bytes and mutations of real messages: no crash, and every refusal a dns-* reason.
    @Test func fuzz() {
        var random = SeededGenerator(seed: 53)
        let seeds = [Self.digQuery, Self.dnsmasqAnswer, Self.mxAnswer, Self.refused].map { bytes(hexBuffer($0)) }
        var refused = 0, parsed = 0
        for round in 0..<40_000 {
            var data: [UInt8]
            if round % 4 == 0 {
                data = (0..<Int.random(in: 0...80, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            } else {
                data = seeds[round % seeds.count]
                for _ in 0..<Int.random(in: 1...6, using: &random) {
                    switch Int.random(in: 0...3, using: &random) {
                    case 0: data[Int.random(in: 0..<data.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                    case 1: data = Array(data.prefix(Int.random(in: 0...data.count, using: &random)))
                    case 2: data.insert(UInt8.random(in: 0...255, using: &random), at: Int.random(in: 0...data.count, using: &random))
                    default: if !data.isEmpty { data[Int.random(in: 0..<data.count, using: &random)] |= 0xC0 }
                    }
                    if data.isEmpty { data = [0] }
                }
            }
            var buffer = ByteBuffer()
            buffer.writeBytes(data)
            do {
                let m = try DNSMessage.parse(buffer)
                parsed += 1
                // What parses writes out and reads back the same.
                #expect((try? DNSMessage.parse(m.buffer)) == m)
            } catch {
                refused += 1
                #expect(error.name.hasPrefix("dns-"), "\(error)")
            }
        }
        #expect(refused > 1000 && parsed > 1000, "refused \(refused), parsed \(parsed)")
    }
}

/// Messages DNSMessage writes, decoded by Wireshark's DNS dissector.
@Suite(.enabled(if: Oracle.enabled))
struct DNSTsharkOracleTests {
    @Test func tsharkDecodesOurMessages() throws {
        let query = DNSMessage(id: 0x1234, flags: DNSMessage.recursionDesiredFlag,
                               questions: [DNSQuestion(name: DNSName("www.example.com")!, type: .a)],
                               additionals: [DNSRecord(name: .root, type: .opt, rclass: 1232, ttl: 0, data: .opaque([]))])
        let name = DNSName("www.example.com")!
        var answer = DNSMessage.response(to: query, code: .noError, answers: [
            DNSRecord(name: name, type: .cname, ttl: 60, data: .name(DNSName("web.example.com")!)),
            DNSRecord(name: DNSName("web.example.com")!, type: .a, ttl: 60, data: .a(IPv4Address(203, 0, 113, 80))),
            DNSRecord(name: name, type: .aaaa, ttl: 60, data: .aaaa(IPv6Address("2001:db8::80")!)),
            DNSRecord(name: DNSName("example.com")!, type: .mx, ttl: 60, data: .mx(preference: 0, exchange: DNSName("mail.example.com")!)),
        ])
        answer.authorities = [DNSRecord(name: DNSName("example.com")!, type: .soa, ttl: 60,
                                        data: .soa(mname: DNSName("ns.example.com")!, rname: DNSName("hostmaster.example.com")!,
                                                   serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 5))]
        let nx = DNSMessage.response(to: DNSMessage(id: 7, questions: [DNSQuestion(name: DNSName(reverse: IPv4Address(192, 168, 1, 9)), type: .ptr)]),
                                     code: .nameError)
        let client = IPv4Address(192, 168, 100, 2), router = IPv4Address(192, 168, 100, 1)
        let frames = [query, answer, nx].enumerated().map { index, message in
            let (source, destination) = index == 0 ? (client, router) : (router, client)
            let udp = UDPHeader.datagram(sourcePort: index == 0 ? 40000 : 53, destinationPort: index == 0 ? 53 : 40000,
                                         payload: message.buffer, source: source, destination: destination)
            let ip = IPv4Header.packet(source: source, destination: destination, protocol: IPProtocol.udp, ttl: 64,
                                       identification: 1, payload: udp)
            return EthernetHeader.frame(destination: MACAddress(0x0200_0000_0001), source: MACAddress(0x0200_0000_0002),
                                        etherType: EtherType.ipv4, payload: ip)
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("softrtx-dns-\(UUID().uuidString).pcap")
        defer { try? FileManager.default.removeItem(at: file) }
        try Oracle.pcap(frames).write(to: file)
        let bad = try Oracle.tshark(["-r", file.path, "-o", "udp.check_checksum:TRUE", "-Y", "_ws.malformed || _ws.expert.severity == error",
                                     "-T", "fields", "-e", "frame.number"])
        #expect(bad.isEmpty, "malformed: \(bad)")
        let rows = try Oracle.tshark(["-r", file.path, "-T", "fields", "-E", "separator=|", "-e", "dns.id", "-e", "dns.flags.rcode",
                                      "-e", "dns.qry.name", "-e", "dns.cname", "-e", "dns.a", "-e", "dns.aaaa", "-e", "dns.mx.mail_exchange",
                                      "-e", "dns.soa.mname", "-e", "dns.rr.udp_payload_size"])
            .split(separator: "\n").map(String.init)
        #expect(rows.count == 3)
        #expect(rows[0] == "0x1234||www.example.com||||||1232")
        #expect(rows[1] == "0x1234|0|www.example.com|web.example.com|203.0.113.80|2001:db8::80|mail.example.com|ns.example.com|")
        #expect(rows[2] == "0x0007|3|9.1.168.192.in-addr.arpa||||||")
    }
}
