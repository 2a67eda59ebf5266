import Config
import NIOCore
import Router
import Testing
import Wire

/// A pp over PPPoE and its port's link: `softrtx run` attaches its ports only after the router has
/// applied its config (and dialled), so what the router queued for them before is never sent.
@Suite struct PPPoELinkUpTests {
    static let config = """
    pp select 1
     pp always-on on
     pppoe use lan2
     pp auth accept pap chap
     pp auth myname softrtx softrtx-secret
     pp enable 1
    """

    static func padis(_ frames: [(port: String, frame: ByteBuffer, offload: FrameOffload)]) -> [String] {
        frames.compactMap { sent in
            guard let (ethernet, payload) = try? EthernetHeader.parse(sent.frame), ethernet.etherType == EtherType.pppoeDiscovery,
                  let packet = try? PPPoEDiscoveryPacket.parse(payload), packet.code == .padi else { return nil }
            return sent.port
        }
    }

    @Test func thePortComingUpSendsThePADIAgainAtOnce() throws {
        var bench = try Bench(PPPoELinkUpTests.config)
        #expect(PPPoELinkUpTests.padis(bench.router.takeTransmissions()) == ["lan2"], "dialled when the config applied")
        bench.now += .milliseconds(20)
        bench.router.linkChanged(port: "lan1", up: true, now: bench.now)
        #expect(PPPoELinkUpTests.padis(bench.router.takeTransmissions()).isEmpty, "lan1 carries no pp")
        bench.router.linkChanged(port: "lan2", up: true, now: bench.now)
        #expect(PPPoELinkUpTests.padis(bench.router.takeTransmissions()) == ["lan2"])
    }
}
