import NIOCore
import Testing
import Wire
@testable import Lab

/// A lab host's `flood`: paced 100 packets every 10 ms once the next hop's MAC is known, random source
/// ports (and addresses with `spoof`) from the host's seeded generator, `flood: N packets sent` at the end.
@Suite struct LabFloodTests {
    static let own = IPv4Address("10.0.0.1")!
    static let peer = IPv4Address("10.0.0.2")!

    static func host(seed: UInt64) -> LabHost {
        LabHost(name: "a", mac: MACAddress("02:00:00:00:00:01")!, dhcp: false, address: IPv4Prefix("10.0.0.1/24")!,
                gateway: nil, random: SeededGenerator(seed: seed))
    }

    /// The flood of `command` against 10.0.0.2, which answers the ARP request at 1 ms: the IPv4
    /// packets sent by each 10 ms, and the host's output at the end.
    static func run(_ command: String, seed: UInt64 = 7) throws -> (batches: [[ByteBuffer]], output: String) {
        let a = host(seed: seed)
        a.enter(command, now: .zero)
        let request = a.takeTransmissions()
        #expect(request.count == 1, "an ARP request first, no packet queued behind it")
        let reply = ARPPacket(operation: .reply, senderMAC: MACAddress("02:00:00:00:00:02")!, senderIP: peer, targetMAC: a.mac, targetIP: own)
        a.receive(EthernetHeader.frame(destination: a.mac, source: MACAddress("02:00:00:00:00:02")!, etherType: EtherType.arp,
                                       payload: reply.buffer), on: "eth0", now: .milliseconds(1))
        var batches: [[ByteBuffer]] = []
        for step in 1...4 {
            a.advance(to: .milliseconds(10 * step))
            batches.append(try a.takeTransmissions().map { try EthernetHeader.parse($0.frame).1 })
        }
        return (batches, a.takeConsoleOutput())
    }

    @Test func pacedBatchesFromRandomPortsAndSpoofedSources() throws {
        let (batches, output) = try LabFloodTests.run("flood udp 10.0.0.2 9 250 spoof")
        #expect(batches.map(\.count) == [100, 100, 50, 0])
        #expect(output == "flood: 250 packets sent\n")
        var sources = Set<IPv4Address>(), ports = Set<UInt16>()
        for packet in batches.joined() {
            let (ip, payload) = try IPv4Header.parse(packet)
            let (udp, _) = try UDPHeader.parse(payload, source: ip.source, destination: ip.destination)
            #expect(ip.destination == LabFloodTests.peer && udp.destinationPort == 9 && udp.sourcePort >= 1024)
            sources.insert(ip.source)
            ports.insert(udp.sourcePort)
        }
        #expect(sources.count > 240 && !sources.contains(LabFloodTests.own), "a new made-up source for each packet")
        #expect(ports.count > 240)
        // The same seed sends the same bytes.
        #expect(try LabFloodTests.run("flood udp 10.0.0.2 9 250 spoof").batches == batches)
        #expect(try LabFloodTests.run("flood udp 10.0.0.2 9 250 spoof", seed: 8).batches != batches)
    }

    @Test func synsFromTheHostsOwnAddressWithoutSpoof() throws {
        let (batches, _) = try LabFloodTests.run("flood tcp 10.0.0.2 80 30")
        #expect(batches.map(\.count) == [30, 0, 0, 0])
        for packet in batches.joined() {
            let (ip, payload) = try IPv4Header.parse(packet)
            let (tcp, _) = try TCPHeader.parse(payload, source: ip.source, destination: ip.destination)
            #expect(ip.source == LabFloodTests.own && tcp.destinationPort == 80 && tcp.isSYN && !tcp.isACK)
        }
    }

    @Test func badLinesGetTheUsageAndANoAnswerEndsIt() {
        let a = LabFloodTests.host(seed: 1)
        for line in ["flood udp 10.0.0.2 9", "flood icmp 10.0.0.2 9 10", "flood tcp 10.0.0.2 0 10", "flood tcp 10.0.0.2 80 0",
                     "flood tcp 10.0.0.2 80 10 spoofed"] {
            a.enter(line, now: .zero)
            #expect(a.takeConsoleOutput().hasPrefix("usage: flood tcp|udp ADDRESS PORT COUNT [spoof]"), "\(line)")
        }
        // No ARP reply: three requests a second apart, then the flood ends with nothing sent.
        a.enter("flood tcp 10.0.0.9 80 10", now: .zero)
        #expect(!a.isConsoleBusy)
        for ms in stride(from: 10, through: 5000, by: 10) { a.advance(to: .milliseconds(ms)) }
        #expect(a.takeTransmissions().count == 3, "three ARP requests, no packet")
        #expect(a.takeConsoleOutput() == "flood: no ARP reply from 10.0.0.9, 0 packets sent\n")
    }
}
