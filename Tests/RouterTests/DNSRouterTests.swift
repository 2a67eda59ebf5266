import Config
import NIOCore
import Router
import Testing
import Wire

/// The recursive server on the router's UDP 53: queries from the LAN, upstream queries from the WAN
/// address through the masquerade, answers matched back, `dns host`, `dns service off`, and the
/// DNS servers the DHCP server hands out.
@Suite struct DNSRouterTests {
    static let config = """
    ip lan1 address 192.168.100.1/24
    ip lan2 address 203.0.113.1/24
    ip lan2 nat descriptor 1
    nat descriptor type 1 masquerade
    dhcp service server
    dhcp scope 1 192.168.100.2-192.168.100.191/24
    dns server 203.0.113.53
    """
    static let pc: IPv4Address = "192.168.100.2"
    static let server: IPv4Address = "203.0.113.53"
    static let www = IPv4Address(203, 0, 113, 80)

    /// A bench whose router knows the PC's and the server's MACs.
    static func bench(_ extra: String = "") throws -> Bench {
        var b = try Bench(config + "\n" + extra)
        _ = b.send(arpRequest(from: hostMAC, ip: pc, asking: "192.168.100.1"), on: "lan1")
        _ = b.send(arpRequest(from: peerMAC, ip: server, asking: "203.0.113.1"), on: "lan2")
        return b
    }

    static func query(_ name: String, id: UInt16 = 0x4242, to: IPv4Address = "192.168.100.1", from: IPv4Address = pc) -> ByteBuffer {
        let dns = DNSMessage(id: id, flags: DNSMessage.recursionDesiredFlag, questions: [DNSQuestion(name: DNSName(name)!, type: .a)]).buffer
        let udp = UDPHeader.datagram(sourcePort: 40000, destinationPort: 53, payload: dns, source: from, destination: to)
        return IPv4Header.packet(source: from, destination: to, protocol: IPProtocol.udp, ttl: 64, identification: 1, payload: udp)
    }

    /// The DNS message in a frame, with its IP and UDP headers.
    static func dns(_ frame: ByteBuffer) throws -> (ip: IPv4Header, udp: UDPHeader, message: DNSMessage) {
        let (_, header, payload) = try #require(ip(frame))
        let (udp, data) = try UDPHeader.parse(payload, source: header.source, destination: header.destination)
        return (header, udp, try DNSMessage.parse(data))
    }

    /// Sends a query from the PC and returns the upstream query the router sent.
    static func forward(_ b: inout Bench, _ name: String) throws -> (ip: IPv4Header, udp: UDPHeader, message: DNSMessage) {
        let out = b.send(ipFrame(to: b.mac("lan1"), from: hostMAC, query(name)), on: "lan1")
        #expect(out.count == 1 && out.first?.port == "lan2")
        let first = try #require(out.first)
        return try dns(first.frame)
    }

    static func answer(_ up: (ip: IPv4Header, udp: UDPHeader, message: DNSMessage), records: [DNSRecord], id: UInt16? = nil) -> ByteBuffer {
        var response = DNSMessage.response(to: up.message, code: .noError, answers: records)
        if let id { response.id = id }
        let udp = UDPHeader.datagram(sourcePort: 53, destinationPort: up.udp.sourcePort, payload: response.buffer, source: server, destination: up.ip.source)
        let packet = IPv4Header.packet(source: server, destination: up.ip.source, protocol: IPProtocol.udp, ttl: 64, identification: 9, payload: udp)
        return packet
    }

    @Test func forwardsFromTheWANAddressAndRelaysTheAnswer() throws {
        var b = try Self.bench()
        let up = try Self.forward(&b, "www.example.com")
        // From the outgoing interface's address, untouched by the masquerade (it is the outer address).
        #expect(up.ip.source == "203.0.113.1" && up.ip.destination == Self.server)
        #expect((10000...10999).contains(up.udp.sourcePort) && up.udp.destinationPort == 53)
        let record = DNSRecord(name: DNSName("www.example.com")!, type: .a, ttl: 300, data: .a(Self.www))
        let back = b.send(ipFrame(to: b.mac("lan2"), from: peerMAC, Self.answer(up, records: [record])), on: "lan2")
        #expect(back.count == 1 && back.first?.port == "lan1")
        let backFrame = try #require(back.first)
        let relayed = try Self.dns(backFrame.frame)
        #expect(relayed.ip.source == "192.168.100.1" && relayed.ip.destination == Self.pc)
        #expect(relayed.udp.sourcePort == 53 && relayed.udp.destinationPort == 40000)
        #expect(relayed.message.id == 0x4242 && relayed.message.answers == [record])
        // The second lookup is the cache's: nothing goes upstream.
        let cached = b.send(ipFrame(to: b.mac("lan1"), from: hostMAC, Self.query("www.example.com", id: 7)), on: "lan1")
        #expect(cached.count == 1 && cached.first?.port == "lan1")
        let cachedFrame = try #require(cached.first)
        #expect(try Self.dns(cachedFrame.frame).message.answers.first?.data == .a(Self.www))
        let status = b.type("show status dns")
        #expect(status.contains("answered from the cache:      1") && status.contains("Cache: 1 of 256 entries"))
        #expect(status.contains("www.example.com. A NOERROR ttl=300 A 203.0.113.80"))
        #expect(b.type("show status table").contains("DNS cache entries: 1 of 256"))
        #expect(!b.type("show status drop").contains("dns-"))
    }

    @Test func answersNobodyAskedForAreDropped() throws {
        var b = try Self.bench()
        let up = try Self.forward(&b, "www.example.com")
        let forged = b.send(ipFrame(to: b.mac("lan2"), from: peerMAC, Self.answer(up, records: [], id: up.message.id &+ 1)), on: "lan2")
        #expect(forged.isEmpty)
        #expect(b.router.drops[DropReason("dns-unexpected-answer")] == 1)
        // Garbage to the awaited port is a malformed message, not a crash.
        var garbage = ByteBuffer(bytes: [0xC0, 0x0C, 0xFF])
        UDPHeader.prepend(sourcePort: 53, destinationPort: up.udp.sourcePort, source: Self.server, destination: "203.0.113.1", to: &garbage)
        let packet = IPv4Header.packet(source: Self.server, destination: "203.0.113.1", protocol: IPProtocol.udp, ttl: 64, identification: 3, payload: garbage)
        #expect(b.send(ipFrame(to: b.mac("lan2"), from: peerMAC, packet), on: "lan2").isEmpty)
        #expect(b.router.drops[.dnsTruncated] == 1)
    }

    @Test func unansweredQueriesAreRetriedThenDropped() throws {
        var b = try Self.bench()
        _ = try Self.forward(&b, "slow.example")
        #expect(b.type("show status dns").contains("  slow.example. A from 192.168.100.2, attempt 1, 0.0 s"))
        var retries = 0
        for second in 1...7 {
            b.now = .seconds(Int64(second))
            b.router.advance(to: b.now)
            retries += b.router.takeTransmissions().filter { $0.port == "lan2" }.count
        }
        #expect(retries == 2 && b.router.drops[DropReason("dns-upstream-timeout")] == 1)
        #expect(b.router.nextDeadline == nil || b.router.nextDeadline! > .seconds(7))
    }

    @Test func dnsHostDecidesWhoIsAnswered() throws {
        var b = try Self.bench("dns host lan2")
        #expect(b.send(ipFrame(to: b.mac("lan1"), from: hostMAC, Self.query("www.example.com")), on: "lan1").isEmpty)
        #expect(b.router.drops[DropReason("dns-host-refused")] == 1)
        var ranged = try Self.bench("dns host 192.168.100.2-192.168.100.9")
        #expect(ranged.send(ipFrame(to: ranged.mac("lan1"), from: hostMAC, Self.query("www.example.com")), on: "lan1").count == 1)
    }

    /// A TCP segment from the PC to the router's port `port`, and the router's TCP reply if any.
    static func tcp(_ b: inout Bench, port: UInt16 = 53, seq: UInt32, ack: UInt32, flags: UInt16, data: [UInt8] = []) throws -> [(TCPHeader, ByteBuffer)] {
        let segment = TCPHeader.segment(sourcePort: 41000, destinationPort: port, sequence: seq, acknowledgment: ack, flags: flags,
                                        window: 65535, payload: ByteBuffer(bytes: data), source: pc, destination: "192.168.100.1")
        let packet = IPv4Header.packet(source: pc, destination: "192.168.100.1", protocol: IPProtocol.tcp, ttl: 64, identification: 5, payload: segment)
        return try b.send(ipFrame(to: b.mac("lan1"), from: hostMAC, packet), on: "lan1").compactMap { out in
            guard let (_, header, payload) = ip(out.frame), header.protocol == IPProtocol.tcp else { return nil }
            return try TCPHeader.parse(payload, source: header.source, destination: header.destination)
        }
    }

    @Test func answersOverTCP() throws {
        var b = try Self.bench("dns static a printer.home 192.168.100.20")
        let synAck = try #require(try Self.tcp(&b, seq: 500, ack: 0, flags: TCPHeader.syn).first)
        #expect(synAck.0.isSYN && synAck.0.isACK && synAck.0.acknowledgment == 501)
        let next = synAck.0.sequence &+ 1
        #expect(try Self.tcp(&b, seq: 501, ack: next, flags: TCPHeader.ack).isEmpty)
        let query = DNSMessage(id: 9, questions: [DNSQuestion(name: DNSName("printer.home")!, type: .a)]).buffer
        let framed = [UInt8(0), UInt8(query.readableBytes)] + Array(query.readableBytesView)
        let replies = try Self.tcp(&b, seq: 501, ack: next, flags: TCPHeader.ack | TCPHeader.psh, data: framed)
        let data = replies.flatMap { Array($0.1.readableBytesView) }
        #expect(data.count > 2)
        let answer = try DNSMessage.parse(ByteBuffer(bytes: data.dropFirst(2)))
        #expect(answer.id == 9 && answer.answers.first?.data == .a(IPv4Address(192, 168, 100, 20)))
        #expect(b.type("show status dns").contains("TCP connections: 1 of 32 (1 accepted, 0 reset)"))
        // Other TCP ports of the router stay closed as before.
        #expect(try Self.tcp(&b, port: 80, seq: 1, ack: 0, flags: TCPHeader.syn).isEmpty)
        #expect(b.router.drops[DropReason("ip-protocol-unsupported")] == 1)
    }

    @Test func aQueryToABroadcastAddressIsNotAnswered() throws {
        var b = try Self.bench()
        let packet = Self.query("www.example.com", to: "192.168.100.255")
        #expect(b.send(EthernetHeader.frame(destination: .broadcast, source: hostMAC, etherType: EtherType.ipv4, payload: packet), on: "lan1").isEmpty)
        #expect(b.router.drops[DropReason("dns-not-unicast")] == 1)
    }

    @Test func serviceOffClosesThePort() throws {
        var b = try Self.bench("dns service off")
        let out = b.send(ipFrame(to: b.mac("lan1"), from: hostMAC, Self.query("www.example.com")), on: "lan1")
        let first = try #require(out.first)
        let (_, header, payload) = try #require(ip(first.frame))
        #expect(header.protocol == IPProtocol.icmp && payload.getInteger(at: payload.readerIndex, as: UInt8.self) == ICMPHeader.destinationUnreachable)
        #expect(b.router.drops[.udpNoListener] == 1)
    }

    /// The DNS servers in the DHCPOFFER to a new PC.
    static func offeredDNS(_ extra: String) throws -> [IPv4Address] { try offer(extra).dnsServers }

    static func offer(_ extra: String) throws -> DHCPMessage {
        var b = try Bench(config + "\n" + extra)
        var payload = DHCPMessage(op: .request, xid: 1, chaddr: hostMAC).withType(.discover).buffer
        UDPHeader.prepend(sourcePort: 68, destinationPort: 67, source: .any, destination: .broadcast, to: &payload)
        let packet = IPv4Header.packet(source: .any, destination: .broadcast, protocol: IPProtocol.udp, ttl: 64, identification: 1, payload: payload)
        let out = b.send(EthernetHeader.frame(destination: .broadcast, source: hostMAC, etherType: EtherType.ipv4, payload: packet), on: "lan1")
        let first = try #require(out.first)
        let (_, header, l4) = try #require(ip(first.frame))
        let (_, data) = try UDPHeader.parse(l4, source: header.source, destination: header.destination)
        return try DHCPMessage.parse(data)
    }

    @Test func dhcpHandsOutTheRouterThenTheServersByDefault() throws {
        #expect(try Self.offeredDNS("") == ["192.168.100.1", "203.0.113.53"])
        #expect(try Self.offeredDNS("dns notice order dhcp server me") == ["203.0.113.53", "192.168.100.1"])
        #expect(try Self.offeredDNS("dns notice order dhcp server") == ["203.0.113.53"])
        #expect(try Self.offeredDNS("dns notice order dhcp none") == [])
        #expect(try Self.offeredDNS("dns host lan2") == ["203.0.113.53"])
        #expect(try Self.offeredDNS("dns service off") == ["203.0.113.53"])
        #expect(try Self.offeredDNS("dhcp scope option 1 dns=9.9.9.9") == ["9.9.9.9"])
        // `dns domain` goes out as option 15; `dns domain .` sends none.
        #expect(try Self.offer("dns domain home.example").domainName == "home.example")
        #expect(try Self.offer("dns domain .").domainName == nil && Self.offer("").domainName == nil)
    }
}

extension DHCPMessage {
    func withType(_ type: DHCPMessageType) -> DHCPMessage {
        var m = self
        m.messageType = type
        return m
    }
}
