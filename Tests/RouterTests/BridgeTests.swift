import NIOCore
import Testing
import Wire
@testable import Router

@Suite struct BridgeTests {
    let bridged = """
    ip bridge1 address 192.168.100.1/24
    bridge member bridge1 lan1 lan2
    """

    @Test func floodsUnknownThenForwardsLearned() throws {
        var b = try Bench(bridged)
        let frame = EthernetHeader.frame(destination: peerMAC, source: hostMAC, etherType: 0x88B5, payload: ByteBuffer(bytes: [1]))
        let flooded = b.send(frame, on: "lan1")
        #expect(flooded.map(\.port) == ["lan2"])
        // peer answers from lan2: now both are learned and frames go only where they belong.
        let back = EthernetHeader.frame(destination: hostMAC, source: peerMAC, etherType: 0x88B5, payload: ByteBuffer(bytes: [2]))
        #expect(b.send(back, on: "lan2").map(\.port) == ["lan1"])
        #expect(b.send(frame, on: "lan1").map(\.port) == ["lan2"])
        // A frame for a host on the port it came from is not sent back.
        let local = EthernetHeader.frame(destination: hostMAC, source: MACAddress(0x02_00_00_00_00_09), etherType: 0x88B5, payload: ByteBuffer(bytes: [3]))
        #expect(b.send(local, on: "lan1").isEmpty)
    }

    @Test func bridgeAddressAnswersOnEveryMember() throws {
        var b = try Bench(bridged)
        let out = b.send(arpRequest(from: peerMAC, ip: "192.168.100.7", asking: "192.168.100.1"), on: "lan2")
        // The broadcast is flooded to lan1 and answered on lan2.
        #expect(Set(out.map(\.port)) == ["lan1", "lan2"])
        let reply = try #require(out.first { $0.port == "lan2" }.flatMap { arp($0.frame) })
        #expect(reply.operation == .reply && reply.senderMAC == b.mac("lan1"))
    }

    @Test func tunnelMemberCountsDropsWhileDown() throws {
        var b = try Bench("ip bridge1 address 192.168.100.1/24\nbridge member bridge1 lan1 tunnel1")
        let frame = EthernetHeader.frame(destination: .broadcast, source: hostMAC, etherType: 0x88B5, payload: ByteBuffer(bytes: [1]))
        #expect(b.send(frame, on: "lan1").isEmpty)
        #expect(b.router.drops[.tunnelDown] == 1)
    }
}
