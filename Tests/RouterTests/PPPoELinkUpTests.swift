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

/// `softrtx run` stopping (SIGTERM): every PPPoE session gets its PADT before the ports close.
@Suite struct PPPoEShutdownTests {
    @Test func shutdownSendsThePADTOfAnEstablishedSession() throws {
        var bench = try Bench(PPPoELinkUpTests.config)
        let padi = try #require(bench.router.takeTransmissions().first)
        let (_, payload) = try EthernetHeader.parse(padi.frame)
        let hostUniq = try PPPoEDiscoveryPacket.parse(payload).hostUniq
        let tags: [PPPoETag] = [.acName("AC"), .serviceName("")] + (hostUniq.map { [PPPoETag.hostUniq($0)] } ?? [])
        let pado = PPPoEDiscoveryPacket(code: .pado, tags: tags).frame(destination: bench.mac("lan2"), source: peerMAC)
        _ = bench.send(pado, on: "lan2")
        let pads = PPPoEDiscoveryPacket(code: .pads, sessionID: 0x0042, tags: tags).frame(destination: bench.mac("lan2"), source: peerMAC)
        _ = bench.send(pads, on: "lan2")
        bench.now += .milliseconds(10)
        bench.router.shutdown(now: bench.now)
        let padts = bench.router.takeTransmissions().compactMap { sent -> PPPoEDiscoveryPacket? in
            guard sent.port == "lan2", let (ethernet, body) = try? EthernetHeader.parse(sent.frame), ethernet.destination == peerMAC,
                  let packet = try? PPPoEDiscoveryPacket.parse(body), packet.code == .padt else { return nil }
            return packet
        }
        #expect(padts.map(\.sessionID) == [0x0042])
    }
}
