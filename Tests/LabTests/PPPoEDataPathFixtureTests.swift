import NIOCore
import OracleSupport
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

    /// A full-size TCP segment bridged into L2TPv3 over the pp is cut in two to fit the pp's MTU
    /// (1,454), not sent in IPv4 fragments: the tunnel sizes its frames by the interface towards its peer.
    @Test func aFullSizeSegmentIntoTheTunnelFitsThePP() throws {
        let fixture = try PPPoEDataPathFixture(frameSize: 64)
        let path = fixture.tunnel
        let (ethernet, ip) = try EthernetHeader.parse(path.encapsulate)
        let header = try IPv4Header.parse(ip).header
        let (frame, offload) = OffloadFrames.tcp(payloadLength: 1448, segmentSize: nil, source: header.source, destination: header.destination,
                                                 sourceMAC: ethernet.source, destinationMAC: ethernet.destination)
        #expect(frame.readableBytes == 1514)
        path.router.receive(frame, offload: offload, on: path.lanPort, now: fixture.tunnelNow)
        let out = path.router.takeTransmissions()
        #expect(out.count == 2 && out.allSatisfy { $0.port == path.wanPort }, "\(out.map(\.port))")
        for sent in out {
            let session = try PPPoESessionHeader.parse(try EthernetHeader.parse(sent.frame).payload)
            #expect(session.body.readableBytes <= 1454)
            #expect(!(try IPv4Header.parse(session.body).header.isFragment))
        }
    }
}
