import NIOCore
import Testing
import Wire
@testable import Router

/// Filters in the router: the lists of the interfaces a packet crosses, the order against NAT,
/// drop reasons, logs, show commands and changes applied at once.
@Suite struct FilterRouterTests {
    static let routed = """
    ip lan1 address 10.0.1.1/24
    ip lan2 address 10.0.2.1/24
    ip route 172.16.0.0/16 gateway 10.0.2.9
    ip lan2 secure filter in 1 100
    ip lan2 secure filter out 200 dynamic 300
    ip filter 1 reject * * tcp * telnet
    ip filter 100 pass * 10.0.1.0/24 icmp
    ip filter 200 reject * * udp * 9
    ip filter dynamic 300 * * tcp
    """

    func learned(_ config: String) throws -> Bench {
        var b = try Bench(config)
        _ = b.send(arpRequest(from: hostMAC, ip: "10.0.1.5", asking: "10.0.1.1"), on: "lan1")
        _ = b.send(arpRequest(from: peerMAC, ip: "10.0.2.9", asking: "10.0.2.1"), on: "lan2")
        return b
    }

    func tcpPacket(from: IPv4Address, _ sport: UInt16, to: IPv4Address, _ dport: UInt16, flags: UInt16) -> ByteBuffer {
        let segment = TCPHeader.segment(sourcePort: sport, destinationPort: dport, sequence: 1, acknowledgment: 1, flags: flags,
                                        window: 100, payload: ByteBuffer(), source: from, destination: to)
        return IPv4Header.packet(source: from, destination: to, protocol: IPProtocol.tcp, ttl: 64, identification: 3, payload: segment)
    }

    @Test func theInListOfTheArrivalInterfaceDecides() throws {
        var b = try learned(FilterRouterTests.routed)
        let telnet = b.send(ipFrame(to: b.mac("lan2"), from: peerMAC, tcpPacket(from: "172.16.0.5", 4431, to: "10.0.1.5", 23, flags: TCPHeader.syn)), on: "lan2")
        #expect(telnet.isEmpty && b.router.drops[.filterReject] == 1)
        #expect(b.type("show log").contains("LAN2 Rejected at IN(1) filter: TCP 172.16.0.5:4431 > 10.0.1.5:23"))
        let ping = b.send(ipFrame(to: b.mac("lan2"), from: peerMAC, echoRequest(from: "172.16.0.5", to: "10.0.1.5")), on: "lan2")
        #expect(ping.first?.port == "lan1", "filter 100 passes ICMP to lan1's network")
        let web = b.send(ipFrame(to: b.mac("lan2"), from: peerMAC, tcpPacket(from: "172.16.0.5", 4431, to: "10.0.1.5", 80, flags: TCPHeader.syn)), on: "lan2")
        #expect(web.isEmpty && b.router.drops[.filterNoMatch] == 1)
        #expect(b.type("show log").contains("LAN2 Rejected at IN(default) filter: TCP 172.16.0.5:4431 > 10.0.1.5:80"))
        // The router itself answers only what the in list lets in: its lan2 address is not 10.0.1.0/24.
        let own = b.send(ipFrame(to: b.mac("lan2"), from: peerMAC, echoRequest(from: "172.16.0.5", to: "10.0.2.1")), on: "lan2")
        #expect(own.isEmpty && b.router.drops[.filterNoMatch] == 2)
    }

    @Test func theOutListAndItsDynamicFilterLetAnswersIn() throws {
        var b = try learned(FilterRouterTests.routed)
        let discard = b.send(ipFrame(to: b.mac("lan1"), from: hostMAC, udpPacket(from: "10.0.1.5", 1000, to: "172.16.3.3", 9)), on: "lan1")
        #expect(discard.isEmpty && b.router.drops[.filterReject] == 1)
        let syn = b.send(ipFrame(to: b.mac("lan1"), from: hostMAC, tcpPacket(from: "10.0.1.5", 50000, to: "172.16.3.3", 80, flags: TCPHeader.syn)), on: "lan1")
        #expect(syn.first?.port == "lan2")
        let answer = tcpPacket(from: "172.16.3.3", 80, to: "10.0.1.5", 50000, flags: TCPHeader.syn | TCPHeader.ack)
        let back = b.send(ipFrame(to: b.mac("lan2"), from: peerMAC, answer), on: "lan2")
        #expect(back.first?.port == "lan1", "the answer of the connection passes the in list")
        let connections = b.type("show ip connection lan2")
        #expect(connections.contains("LAN2[out][300] TCP 10.0.1.5:50000 > 172.16.3.3:80 established 3600s"))
        #expect(connections.contains("Total: 1 connections"))
        // The connection's filter removed: the connection goes at once, and so do its answers.
        #expect(b.type("no ip filter dynamic 300").isEmpty)
        #expect(b.send(ipFrame(to: b.mac("lan2"), from: peerMAC, answer), on: "lan2").isEmpty)
        #expect(b.type("show ip connection").contains("Total: 0 connections"))
    }

    @Test func aChangeAppliesAtOnce() throws {
        var b = try learned(FilterRouterTests.routed)
        let frame = ipFrame(to: b.mac("lan2"), from: peerMAC, tcpPacket(from: "172.16.0.5", 4431, to: "10.0.1.5", 23, flags: TCPHeader.syn))
        #expect(b.send(frame, on: "lan2").isEmpty)
        #expect(b.type("ip filter 1 pass * * tcp * telnet").isEmpty)
        #expect(b.send(frame, on: "lan2").first?.port == "lan1")
        #expect(b.type("no ip lan2 secure filter in").isEmpty)
        #expect(b.send(ipFrame(to: b.mac("lan2"), from: peerMAC, udpPacket(from: "172.16.0.5", 1, to: "10.0.1.5", 2)), on: "lan2").first?.port == "lan1")
        let shown = b.type("show ip secure filter lan2")
        #expect(!shown.contains("LAN2 in"))
        #expect(shown.contains("LAN2 out: 200 dynamic 300"))
        #expect(shown.contains("200      reject * * udp * 9"))
    }

    @Test func inboundFiltersSeeTheInnerAddressNAT() throws {
        // The seed's static entry sends UDP 1701 to the router's inner address 192.168.100.1.
        let inner = seedStep1 + "\nip lan2 secure filter in 10\nip filter 10 pass * 192.168.100.1 udp * 1701"
        let outer = seedStep1 + "\nip lan2 secure filter in 10\nip filter 10 pass * 192.168.1.1 udp * 1701"
        var a = try Bench(inner)
        _ = a.send(ipFrame(to: a.mac("lan2"), from: peerMAC, udpPacket(from: "192.168.2.1", 1701, to: "192.168.1.1", 1701)), on: "lan2")
        #expect(a.router.drops[.filterNoMatch] == 0)
        var b = try Bench(outer)
        _ = b.send(ipFrame(to: b.mac("lan2"), from: peerMAC, udpPacket(from: "192.168.2.1", 1701, to: "192.168.1.1", 1701)), on: "lan2")
        #expect(b.router.drops[.filterNoMatch] == 1)
    }

    @Test func outboundFiltersSeeTheAddressBeforeNAT() throws {
        let config = seedStep1 + "\nip lan2 secure filter out 20\nip filter 20 pass 192.168.100.0/24 * icmp"
        var b = try Bench(config)
        _ = b.send(arpRequest(from: hostMAC, ip: "192.168.100.10", asking: "192.168.100.1"), on: "lan1")
        _ = b.send(arpRequest(from: peerMAC, ip: "192.168.1.2", asking: "192.168.1.1"), on: "lan2")
        let out = b.send(ipFrame(to: b.mac("lan1"), from: hostMAC, echoRequest(from: "192.168.100.10", to: "10.2.2.2")), on: "lan1")
        let sent = try #require(out.first.flatMap { ip($0.frame) })
        #expect(out.first?.port == "lan2" && sent.header.source == "192.168.1.1", "passed by its inner source, then masqueraded")
        // The router's own packets leave through the same list: its lan2 address is not 192.168.100.0/24.
        _ = b.type("ping -c 1 10.2.2.2")
        #expect(b.router.drops[.filterNoMatch] >= 1)
    }

    @Test func intrusionDetectionRefusesBeforeNAT() throws {
        var b = try learned(FilterRouterTests.routed + "\nip lan2 intrusion detection in on")
        let land = tcpPacket(from: "10.0.1.5", 80, to: "10.0.1.5", 80, flags: TCPHeader.syn)
        #expect(b.send(ipFrame(to: b.mac("lan2"), from: peerMAC, land), on: "lan2").isEmpty)
        #expect(b.router.drops[DropReason("ids-ip")] == 1)
        #expect(b.type("show log").contains("[IDS] LAN2[in] Land attack: TCP 10.0.1.5:80 > 10.0.1.5:80, rejected"))
        #expect(b.type("show status table").contains("IP filter dynamic connections: 0 of 65534, 0 evicted"))
    }

    @Test func bridgedFramesAreNotFiltered() throws {
        let config = seedStep1 + "\nip bridge1 secure filter in 1\nip filter 1 reject * * * * *"
        var b = try Bench(config)
        _ = b.send(arpRequest(from: hostMAC, ip: "192.168.100.10", asking: "192.168.100.1"), on: "lan1")
        // A frame between two stations of the bridge never reaches the IP layer's lists.
        let frame = ipFrame(to: peerMAC, from: hostMAC, echoRequest(from: "192.168.100.10", to: "192.168.100.11"))
        _ = b.send(frame, on: "lan1")
        #expect(b.router.drops[.filterReject] == 0)
        // Routed out of the bridge, it meets bridge1's in list.
        _ = b.send(ipFrame(to: b.mac("lan1"), from: hostMAC, echoRequest(from: "192.168.100.10", to: "10.2.2.2")), on: "lan1")
        #expect(b.router.drops[.filterReject] == 1)
    }
}
