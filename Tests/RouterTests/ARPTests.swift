import NIOCore
import Testing
import Wire
@testable import Router

@Suite struct ARPTests {
    @Test func answersForItsOwnAddress() throws {
        var b = try Bench(seedStep1)
        let out = b.send(arpRequest(from: peerMAC, ip: "192.168.1.2", asking: "192.168.1.1"), on: "lan2")
        #expect(out.count == 1)
        let reply = try #require(arp(out[0].frame))
        #expect(out[0].port == "lan2")
        #expect(reply.operation == .reply && reply.senderIP == "192.168.1.1" && reply.senderMAC == b.mac("lan2"))
        #expect(reply.targetMAC == peerMAC)
        #expect(b.type("show arp").contains("LAN2       192.168.1.2     \(peerMAC)"))
    }

    @Test func ignoresRequestsForOthersWithoutProxyARP() throws {
        var b = try Bench(seedStep1)
        let out = b.send(arpRequest(from: peerMAC, ip: "192.168.1.2", asking: "192.168.1.77"), on: "lan2")
        #expect(out.isEmpty)
        #expect(!b.type("show arp").contains("192.168.1.2 "), "a request not aimed at us must not add an entry")
    }

    @Test func proxyARPAnswersForAddressesRoutedElsewhere() throws {
        var b = try Bench(seedStep1)
        // 10.9.9.9 is routed via lan2 (default route): bridge1 has proxyarp on.
        let out = b.send(arpRequest(from: hostMAC, ip: "192.168.100.10", asking: "10.9.9.9"), on: "lan1")
        let reply = try #require(out.compactMap { arp($0.frame) }.first { $0.operation == .reply })
        #expect(reply.senderIP == "10.9.9.9" && reply.senderMAC == b.mac("lan1"))
        // An address on the bridge's own network is the host's to answer, not the router's.
        let none = b.send(arpRequest(from: hostMAC, ip: "192.168.100.10", asking: "192.168.100.50"), on: "lan1")
        #expect(none.compactMap { arp($0.frame) }.allSatisfy { $0.operation == .request }, "only the flood of the request")
    }

    @Test func resolvesNextHopThenSendsQueuedPacket() throws {
        var b = try Bench(seedStep1)
        // pc on the bridge pings a WAN address: the router must ARP for 192.168.1.2 first.
        let learn = b.send(arpRequest(from: hostMAC, ip: "192.168.100.10", asking: "192.168.100.1"), on: "lan1")
        #expect(learn.count == 1)
        let out = b.send(ipFrame(to: b.mac("lan1"), from: hostMAC, echoRequest(from: "192.168.100.10", to: "10.1.1.1")), on: "lan1")
        let request = try #require(out.compactMap { arp($0.frame) }.first)
        #expect(request.operation == .request && request.targetIP == "192.168.1.2" && request.senderIP == "192.168.1.1")
        let reply = ARPPacket(operation: .reply, senderMAC: peerMAC, senderIP: "192.168.1.2", targetMAC: b.mac("lan2"), targetIP: "192.168.1.1")
        let sent = b.send(EthernetHeader.frame(destination: b.mac("lan2"), source: peerMAC, etherType: EtherType.arp, payload: reply.buffer), on: "lan2")
        let forwarded = try #require(sent.first.flatMap { ip($0.frame) })
        #expect(forwarded.eth.destination == peerMAC)
        #expect(forwarded.header.source == "192.168.1.1", "masqueraded on the way out")
        #expect(forwarded.header.ttl == 63)
    }

    @Test func unansweredResolutionIsCountedAfterRetries() throws {
        var b = try Bench(seedStep1)
        _ = b.send(ipFrame(to: b.mac("lan2"), from: peerMAC, echoRequest(from: "192.168.1.50", to: "192.168.1.1")), on: "lan2")
        var requests = 0
        for _ in 0..<5 {
            b.now += .seconds(1)
            b.router.advance(to: b.now)
            requests += b.router.takeTransmissions().compactMap { arp($0.frame) }.count
        }
        #expect(requests == 2, "two retries after the first request")
        #expect(b.router.drops[.arpUnresolved] == 1)
    }
}
