import NIOCore
import Testing
import Wire
@testable import PPP

/// The access concentrator's discovery stage (RFC 2516 5): PADO tags, cookies, PADS, PADT and its limits.
struct PPPoEServerDiscoveryTests {
    typealias Peer = ScriptedPPPoEPeer

    @Test func padoNamesTheACEchoesHostUniqAndCarriesACookie() throws {
        var peer = Peer(Peer.settings())
        let out = peer.send(peer.discovery(.padi, [.serviceName(""), .hostUniq([1, 2, 3, 4]),
                                                   PPPoETag(type: PPPoETagType.relaySessionID, value: [9, 9])]))
        let pado = try #require(Peer.discoveryPackets(out).first)
        #expect(pado.code == .pado && pado.sessionID == 0)
        #expect(pado.acName == "ISP-AC")
        #expect(pado.serviceName == "")
        #expect(pado.hostUniq == [1, 2, 3, 4])
        #expect(pado.relaySessionID == [9, 9])
        #expect(pado.acCookie?.count == 16)
        let (eth, _) = try EthernetHeader.parse(try #require(Peer.frames(out).first))
        #expect(eth.destination == peer.mac && eth.source == Peer.acMAC && eth.etherType == EtherType.pppoeDiscovery)
    }

    @Test func padrWithTheCookieGetsASessionAndAnLCPRequest() throws {
        var peer = Peer(Peer.settings())
        let pado = try #require(Peer.discoveryPackets(peer.send(peer.discovery(.padi, [.serviceName(""), .hostUniq([7])]))).first)
        let cookie = try #require(pado.acCookie)
        let out = peer.send(peer.discovery(.padr, [.serviceName(""), .hostUniq([7]), .acCookie(cookie)]))
        let pads = try #require(Peer.discoveryPackets(out).first)
        #expect(pads.code == .pads && pads.sessionID != 0 && pads.hostUniq == [7])
        let request = try #require(Peer.controlPackets(out, PPPProtocol.lcp).first)
        #expect(request.code == .configureRequest)
        let options = try request.options()
        #expect(options.contains(.uint16(LCPOption.mru, 1454)))
        #expect(options.contains(PPPOption(type: LCPOption.authProtocol, value: [0xC2, 0x23, 5])))
        #expect(options.contains { $0.type == LCPOption.magicNumber })
        // The same PADR again (our PADS lost) gets the same session, not a second one.
        let again = try #require(Peer.discoveryPackets(peer.send(peer.discovery(.padr, [.serviceName(""), .hostUniq([7]), .acCookie(cookie)]))).first)
        #expect(again.sessionID == pads.sessionID)
    }

    @Test func refusesWhatItShouldNotServe() throws {
        var settings = Peer.settings()
        settings.serviceName = "internet"
        settings.maxSessions = 1
        var peer = Peer(settings)
        #expect(Peer.drops(peer.send(peer.discovery(.padi, [.hostUniq([1])]))) == [.pppoeNoServiceName])
        #expect(Peer.drops(peer.send(peer.discovery(.padi, [.serviceName("video")]))) == [.pppoeServiceUnavailable])
        let pado = try #require(Peer.discoveryPackets(peer.send(peer.discovery(.padi, [.serviceName("internet")]))).first)
        #expect(pado.serviceName == "internet")
        let cookie = try #require(pado.acCookie)
        #expect(Peer.drops(peer.send(peer.discovery(.padr, [.serviceName(""), .acCookie([UInt8](repeating: 0, count: 16))]))) == [.pppoeBadCookie])
        // Another MAC's cookie does not do.
        var other = peer
        other.mac = MACAddress(0x02_00_00_00_00_0B)
        #expect(Peer.drops(other.send(other.discovery(.padr, [.serviceName(""), .acCookie(cookie)]))) == [.pppoeBadCookie])
        let pads = try #require(Peer.discoveryPackets(peer.send(peer.discovery(.padr, [.serviceName(""), .acCookie(cookie)]))).first)
        #expect(pads.sessionID != 0)
        // Full: no PADO, and a PADR gets a PADS with session 0 and AC-System-Error.
        other = peer
        other.mac = MACAddress(0x02_00_00_00_00_0C)
        #expect(Peer.drops(other.send(other.discovery(.padi, [.serviceName("")]))) == [.pppoeServerFull])
        let refused = other.send(other.discovery(.padr, [.serviceName(""), .hostUniq([5]), .acCookie(other.server.cookie(for: other.mac))]))
        let full = try #require(Peer.discoveryPackets(refused).first)
        #expect(full.code == .pads && full.sessionID == 0 && full.error?.type == PPPoETagType.acSystemError && full.hostUniq == [5])
        // A PADO sent to an AC, a broadcast source, garbage.
        #expect(Peer.drops(peer.send(peer.discovery(.pado, [.serviceName("")]))) == [.pppoeUnexpected])
        var group = peer
        group.mac = .broadcast
        #expect(Peer.drops(group.send(group.discovery(.padi, [.serviceName("")]))) == [.pppoeGroupSource])
        #expect(Peer.drops(peer.server.receiveForTest(ByteBuffer(bytes: [0x11, 0x09, 0, 0, 0, 2, 1, 1]))) == [.pppoeBadTag])
    }

    @Test func padtFromThePeerEndsTheSession() throws {
        var peer = Peer(Peer.settings())
        let pado = try #require(Peer.discoveryPackets(peer.send(peer.discovery(.padi, [.serviceName("")]))).first)
        let cookie = try #require(pado.acCookie)
        let pads = try #require(Peer.discoveryPackets(peer.send(peer.discovery(.padr, [.serviceName(""), .acCookie(cookie)]))).first)
        var stranger = peer
        stranger.mac = MACAddress(0x02_00_00_00_00_0D)
        #expect(Peer.drops(stranger.send(stranger.discovery(.padt, session: pads.sessionID, []))) == [.pppoeWrongSession])
        let out = peer.send(peer.discovery(.padt, session: pads.sessionID, []))
        #expect(Peer.drops(out).isEmpty)
        #expect(Peer.drops(peer.send(peer.discovery(.padt, session: pads.sessionID, []))) == [.pppoeWrongSession])
    }
}

extension PPPoEServer {
    /// Gives a raw discovery payload from a fixed host, as `receive` would.
    mutating func receiveForTest(_ payload: ByteBuffer) -> [Output] {
        receive(payload, etherType: EtherType.pppoeDiscovery, source: MACAddress(0x02_00_00_00_00_0E), now: .zero)
        return takeOutput()
    }
}
