import NIOCore
import Testing
import Wire
@testable import Router

/// Floods from the LAN fill each table only to its bound; the refusals show in `show status table`.
@Suite struct TableBoundTests {
    let bridged = """
    ip bridge1 address 192.168.100.1/16
    bridge member bridge1 lan1 lan2
    """

    /// A row of `show status table`: (used, limit, refused).
    func row(_ label: String, in table: String) -> (used: Int, limit: Int, refused: Int?)? {
        guard let line = table.split(separator: "\n").first(where: { $0.hasPrefix(label + ": ") }) else { return nil }
        let numbers = line.dropFirst(label.count + 2).split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard numbers.count >= 2 else { return nil }
        return (numbers[0], numbers[1], numbers.count > 2 ? numbers[2] : nil)
    }

    @Test func randomSourceMACsFillOnlyThePortsShareOfTheBridgeTable() throws {
        var b = try Bench(bridged)
        for i in 0..<5000 {
            let source = MACAddress(0x02_10_00_00_00_00 | UInt64(i))
            let frame = EthernetHeader.frame(destination: peerMAC, source: source, etherType: 0x88B5, payload: ByteBuffer(bytes: [1]))
            _ = b.send(frame, on: "lan1")
        }
        let table = b.type("show status table")
        #expect(row("Bridge MAC addresses on lan1", in: table)?.used == ForwardingDatabase.memberLimit)
        #expect(row("Bridge MAC addresses", in: table)?.refused == 5000 - ForwardingDatabase.memberLimit)
        // The other port still learns, and frames to it are no longer flooded.
        let back = EthernetHeader.frame(destination: hostMAC, source: peerMAC, etherType: 0x88B5, payload: ByteBuffer(bytes: [2]))
        _ = b.send(back, on: "lan2")
        let toPeer = EthernetHeader.frame(destination: peerMAC, source: MACAddress(0x02_10_00_00_00_01), etherType: 0x88B5,
                                          payload: ByteBuffer(bytes: [3]))
        #expect(b.send(toPeer, on: "lan1").map(\.port) == ["lan2"])
    }

    @Test func agedStationsLeaveTheBridgeTable() throws {
        var b = try Bench(bridged)
        for i in 0..<100 {
            let frame = EthernetHeader.frame(destination: peerMAC, source: MACAddress(0x02_10_00_00_00_00 | UInt64(i)),
                                             etherType: 0x88B5, payload: ByteBuffer(bytes: [1]))
            _ = b.send(frame, on: "lan1")
        }
        #expect(row("Bridge MAC addresses", in: b.type("show status table"))?.used == 100)
        let later = EthernetHeader.frame(destination: hostMAC, source: peerMAC, etherType: 0x88B5, payload: ByteBuffer(bytes: [2]))
        _ = b.send(later, on: "lan2", after: .seconds(301))
        #expect(row("Bridge MAC addresses", in: b.type("show status table"))?.used == 1, "only the station heard since")
    }

    @Test func arpForTheRouterFromManyHostsStopsAtTheTableLimit() throws {
        var b = try Bench(bridged)
        for i in 0..<(ARPCache.limit + 300) {
            let sender = IPv4Address(0xC0A8_0000 | UInt32(i + 2))   // 192.168.0.2 ... inside the /16
            _ = b.send(arpRequest(from: hostMAC, ip: sender, asking: "192.168.100.1"), on: "lan1")
        }
        let arpRow = try #require(row("ARP entries", in: b.type("show status table")))
        #expect(arpRow.used == ARPCache.limit && arpRow.refused == 300)
    }

    @Test func arpClaimingTheRoutersOwnAddressIsNeverLearned() throws {
        var b = try Bench(bridged)
        let gratuitous = arpRequest(from: hostMAC, ip: "192.168.100.1", asking: "192.168.100.1")
        _ = b.send(gratuitous, on: "lan1")
        #expect(!b.type("show arp").contains("192.168.100.1 "))
        #expect(b.router.drops[.arpOwnAddress] == 1)
        #expect(b.type("show log").contains("[ARP] BRIDGE1: duplicate IP address 192.168.100.1 is used by \(hostMAC)"))
        for _ in 0..<100 { _ = b.send(gratuitous, on: "lan1") }
        #expect(b.type("show log").components(separatedBy: "duplicate IP address").count == 2, "logged once a minute, not per packet")
    }

    @Test func newNextHopsWaitInABoundedNumberOfResolutions() throws {
        var b = try Bench(bridged)
        _ = b.send(arpRequest(from: hostMAC, ip: "192.168.100.10", asking: "192.168.100.1"), on: "lan1")
        for i in 0..<(ARPCache.pendingLimit + 10) {
            let target = IPv4Address(0xC0A8_C800 | UInt32(i))   // 192.168.200.x: on the bridge's /16, never answered
            _ = b.send(ipFrame(to: b.mac("lan1"), from: hostMAC, echoRequest(from: "192.168.100.10", to: target)), on: "lan1")
        }
        let pending = try #require(row("ARP resolutions in progress", in: b.type("show status table")))
        #expect(pending.used == ARPCache.pendingLimit && pending.refused == 10)
        #expect(b.router.drops[.arpResolutionsFull] == 10)
    }

    /// Tiny-fragment trains at the router's address: the reassembly budget holds and is spent again
    /// once the timeout frees it.
    @Test func fragmentFloodAtTheRouterStaysInsideTheBudget() throws {
        var b = try Bench(seedStep1)
        for id in 0..<600 {
            for index in 0..<60 {
                var body = ByteBufferAllocator().buffer(capacity: 8)
                body.writeInteger(UInt64(index))
                let header = IPv4Header(totalLength: 28, identification: UInt16(id),
                                        flagsAndFragmentOffset: UInt16(2 * index + 1) | IPv4Header.moreFragmentsFlag,
                                        ttl: 64, protocol: IPProtocol.udp, source: "192.168.1.2", destination: "192.168.1.1")
                var packet = ByteBufferAllocator().buffer(capacity: 28)
                header.write(to: &packet)
                packet.writeBuffer(&body)
                _ = b.send(ipFrame(to: b.mac("lan2"), from: peerMAC, packet), on: "lan2", after: .microseconds(10))
            }
        }
        let bytes = try #require(row("IPv4 reassembly bytes", in: b.type("show status table")))
        #expect(bytes.used <= IPv4Reassembly.budget && bytes.limit == IPv4Reassembly.budget)
        #expect(bytes.refused == b.router.drops[.reassemblyBudget] && b.router.drops[.reassemblyBudget] > 0)
        b.router.advance(to: b.now + IPv4Reassembly.timeout)
        #expect(row("IPv4 reassembly bytes", in: b.type("show status table"))?.used == 0)
        #expect(b.router.drops[.reassemblyTimeout] > 0)
    }
}
