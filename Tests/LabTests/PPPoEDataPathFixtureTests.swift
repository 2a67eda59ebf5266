import NIOCore
import Router
import Testing
import Wire
@testable import Lab

/// `softrtx bench pppoe` drives these frames: each must cross its path, again and again, as the
/// frame the path makes (a drop would be measured as speed).
@Suite struct PPPoEDataPathFixtureTests {
    @Test(arguments: [64, 1400]) func everyFrameCrossesItsPath(size: Int) throws {
        let fixture = try PPPoEDataPathFixture(frameSize: size)
        for (name, path, now, pppoe) in [("routed", fixture.routed, fixture.now, true),
                                         ("reference", fixture.routedReference, fixture.now, false),
                                         ("tunnel", fixture.tunnel, fixture.tunnelNow, true)] {
            let drops = path.router.drops.total
            for _ in 0..<3 {
                path.router.receive(path.encapsulate, on: path.lanPort, now: now)
                let out = path.router.takeTransmissions()
                try #require(out.count == 1 && out[0].port == path.wanPort, "\(name) encapsulate: \(out.map(\.port))")
                let (ethernet, payload) = try EthernetHeader.parse(out[0].frame)
                #expect(ethernet.etherType == (pppoe ? EtherType.pppoeSession : EtherType.ipv4), "\(name)")
                if pppoe {
                    let session = try PPPoESessionHeader.parse(payload)
                    #expect(session.protocol == PPPProtocol.ipv4)
                    // The LAN frame's packet, or the tunnel's UDP packet carrying the whole frame.
                    #expect(session.body.readableBytes == (name == "tunnel" ? size + IPv4Header.minimumLength + UDPHeader.length + L2TPDataHeader.length : size - EthernetHeader.length), "\(name)")
                }

                path.router.receive(path.decapsulate, on: path.wanPort, now: now)
                let back = path.router.takeTransmissions()
                try #require(back.count == 1 && back[0].port == path.lanPort, "\(name) decapsulate: \(back.map(\.port))")
                #expect(back[0].frame.readableBytes == size, "\(name)")
                #expect(try EthernetHeader.parse(back[0].frame).header.etherType == EtherType.ipv4)
            }
            #expect(path.router.drops.total == drops, "\(name): \(path.router.drops)")
        }
    }
}
