import NIOCore
import Testing
import Wire
@testable import PPP

/// The access concentrator's session stage: LCP as the authenticator, PAP and CHAP-MD5 against its
/// users, IPCP handing out pool addresses and DNS, keepalive, the data path and drops.
struct PPPoEServerSessionTests {
    typealias Peer = ScriptedPPPoEPeer

    static func logs(_ out: [PPPoEServer.Output]) -> [String] { out.compactMap { if case let .log(l) = $0 { l } else { nil } } }
    static func downs(_ out: [PPPoEServer.Output]) -> [String] {
        out.compactMap { if case let .sessionDown(_, reason) = $0 { reason } else { nil } }
    }

    @Test func chapSessionGetsAPoolAddressAndDNSByNak() throws {
        var peer = Peer(Peer.settings())
        let (id, pads) = try peer.discover()
        let lcp = try peer.openLCP(id, pads)
        // Our MRU 1492 and magic number acked as sent, then the challenge, named after the AC.
        let ack = try #require(Peer.controlPackets(lcp, PPPProtocol.lcp).first)
        #expect(ack.code == .configureAck && ack.identifier == 1)
        let challenge = try CHAPPacket.parse(try #require(Peer.sessionPackets(lcp).first { $0.proto == PPPProtocol.chap }).body)
        #expect(challenge.code == .challenge && challenge.value.count == 16 && challenge.name == Array("ISP-AC".utf8))
        let auth = try peer.chap(id, lcp, user: "branch1", secret: "secret1")
        let success = try CHAPPacket.parse(try #require(Peer.sessionPackets(auth).first { $0.proto == PPPProtocol.chap }).body)
        #expect(success.code == .success && success.identifier == challenge.identifier)
        let ipcpRequest = try #require(Peer.controlPackets(auth, PPPProtocol.ipcp).first)
        #expect(try ipcpRequest.options() == [.address(IPCPOption.ipAddress, IPv4Address(100, 64, 0, 1))])
        let (nak, out) = try peer.openIPCP(id, auth)
        #expect(nak == [.address(IPCPOption.ipAddress, IPv4Address(100, 64, 0, 10)), .address(IPCPOption.primaryDNS, IPv4Address(203, 0, 113, 53)),
                        .address(IPCPOption.secondaryDNS, IPv4Address(203, 0, 113, 54))])
        let up = try #require(out.compactMap { if case let .sessionUp(s) = $0 { s } else { nil } }.first)
        #expect(up.id == id && up.username == "branch1" && up.address == IPv4Address(100, 64, 0, 10) && up.mac == peer.mac && up.mru == 1492)
        #expect(peer.server.sessions == [up] && peer.server.session(for: up.address) == up)
        #expect(peer.server.nextPoolAddress == IPv4Address(100, 64, 0, 11))
    }

    @Test func papChecksThePassword() throws {
        var peer = Peer(Peer.settings(auth: .pap))
        let (id, pads) = try peer.discover()
        let request = try #require(Peer.controlPackets(pads, PPPProtocol.lcp).first)
        #expect(try request.options().contains(.uint16(LCPOption.authProtocol, PPPProtocol.pap)))
        // PAP: no challenge when LCP opens.
        #expect(!Peer.sessionPackets(try peer.openLCP(id, pads)).contains { $0.proto == PPPProtocol.chap })
        // CHAP when PAP was asked for, then the wrong password: a Nak, and LCP closes.
        #expect(Peer.drops(peer.send(peer.ppp(id, PPPProtocol.chap, CHAPPacket(code: .response, identifier: 1, value: [1], name: [0x61]).buffer)))
                == [.pppUnexpectedPhase])
        let wrong = peer.send(peer.ppp(id, PPPProtocol.pap, PAPPacket.request(identifier: 3, peerID: Array("branch1".utf8),
                                                                             password: Array("nope".utf8)).buffer))
        let nak = try PAPPacket.parse(try #require(Peer.sessionPackets(wrong).first { $0.proto == PPPProtocol.pap }).body)
        #expect(nak.code == .authenticateNak && nak.identifier == 3)
        let terminate = try #require(Peer.controlPackets(wrong, PPPProtocol.lcp).first)
        #expect(terminate.code == .terminateRequest)
        #expect(Self.logs(wrong).contains { $0.contains("PAP authentication failed for 'branch1'") })
        let ended = peer.send(peer.control(id, PPPProtocol.lcp, .terminateAck, id: terminate.identifier, data: []))
        #expect(Peer.discoveryPackets(ended).first?.code == .padt)
        #expect(peer.server.sessions.isEmpty)

        var good = Peer(Peer.settings(auth: .pap))
        let (id2, pads2) = try good.discover()
        _ = try good.openLCP(id2, pads2)
        let right = good.send(good.ppp(id2, PPPProtocol.pap, PAPPacket.request(identifier: 4, peerID: Array("branch2".utf8),
                                                                               password: Array("secret2".utf8)).buffer))
        let ack = try PAPPacket.parse(try #require(Peer.sessionPackets(right).first { $0.proto == PPPProtocol.pap }).body)
        #expect(ack.code == .authenticateAck)
        let (_, out) = try good.openIPCP(id2, right)
        #expect(out.contains { if case .sessionUp = $0 { true } else { false } })
    }

    @Test func chapWithTheWrongSecretFails() throws {
        var peer = Peer(Peer.settings())
        let (id, pads) = try peer.discover()
        let lcp = try peer.openLCP(id, pads)
        // A response to a challenge never sent.
        let stale = peer.send(peer.ppp(id, PPPProtocol.chap, CHAPPacket(code: .response, identifier: 99, value: [1], name: [0x61]).buffer))
        #expect(Peer.drops(stale) == [.chapStaleResponse])
        let out = try peer.chap(id, lcp, user: "branch1", secret: "secret2")
        let failure = try CHAPPacket.parse(try #require(Peer.sessionPackets(out).first { $0.proto == PPPProtocol.chap }).body)
        #expect(failure.code == .failure)
        #expect(Peer.controlPackets(out, PPPProtocol.lcp).first?.code == .terminateRequest)
        // No Terminate-Ack: the requests run out, then a PADT.
        var later: [PPPoEServer.Output] = []
        for _ in 0..<4 { later += peer.advance(.seconds(3)) }
        #expect(Peer.discoveryPackets(later).first?.code == .padt)
        #expect(peer.server.nextDeadline == nil)
    }

    @Test func lcpTakesOnlyMRUAndMagicFromThePeer() throws {
        var peer = Peer(Peer.settings())
        let (id, pads) = try peer.discover()
        let request = try #require(Peer.controlPackets(pads, PPPProtocol.lcp).first)
        _ = peer.send(peer.control(id, PPPProtocol.lcp, .configureAck, id: request.identifier, data: request.data))
        let rejected = peer.send(peer.control(id, PPPProtocol.lcp, .configureRequest, id: 1, [
            .uint16(LCPOption.mru, 1500), .uint32(LCPOption.asyncMap, 0), .uint16(LCPOption.authProtocol, PPPProtocol.pap),
            PPPOption(type: LCPOption.protocolFieldCompression, value: []),
        ]))
        let reject = try #require(Peer.controlPackets(rejected, PPPProtocol.lcp).first)
        #expect(reject.code == .configureReject)
        #expect(try reject.options().map(\.type) == [LCPOption.asyncMap, LCPOption.authProtocol, LCPOption.protocolFieldCompression])
        let naked = peer.send(peer.control(id, PPPProtocol.lcp, .configureRequest, id: 2, [.uint16(LCPOption.mru, 1500)]))
        let nak = try #require(Peer.controlPackets(naked, PPPProtocol.lcp).first)
        #expect(nak.code == .configureNak)
        #expect(try nak.options() == [.uint16(LCPOption.mru, 1492)])
        let acked = peer.send(peer.control(id, PPPProtocol.lcp, .configureRequest, id: 3, [.uint16(LCPOption.mru, 1400)]))
        #expect(Peer.controlPackets(acked, PPPProtocol.lcp).first?.code == .configureAck)
        #expect(Peer.sessionPackets(acked).contains { $0.proto == PPPProtocol.chap })
    }

    @Test func dataPathBetweenSessionAndCaller() throws {
        var peer = Peer(Peer.settings())
        let (id, session) = try peer.establish()
        let packet = IPv4Header.packet(source: session.address, destination: IPv4Address(203, 0, 113, 80), protocol: IPProtocol.udp,
                                       ttl: 64, identification: 1, payload: ByteBuffer(bytes: [1, 2, 3, 4, 5, 6, 7, 8]))
        let out = peer.send(peer.ppp(id, PPPProtocol.ipv4, packet))
        let forwarded = try #require(out.compactMap { if case let .ipv4(p, s) = $0 { (p, s) } else { nil } }.first)
        #expect(forwarded.0 == packet && forwarded.1 == session)
        // Another session id, or the right id from another MAC.
        #expect(Peer.drops(peer.send(peer.ppp(id &+ 1, PPPProtocol.ipv4, packet))) == [.pppoeWrongSession])
        var stranger = peer
        stranger.mac = MACAddress(0x02_00_00_00_00_99)
        #expect(Peer.drops(stranger.send(stranger.ppp(id, PPPProtocol.ipv4, packet))) == [.pppoeWrongSession])
        // Towards the session: Ethernet to its MAC, PPPoE session id, protocol 0x0021, the packet.
        let frame = try #require(peer.server.send(ipv4: packet, to: session.address))
        let (eth, payload) = try EthernetHeader.parse(frame)
        #expect(eth.destination == peer.mac && eth.source == Peer.acMAC && eth.etherType == EtherType.pppoeSession)
        let parsed = try PPPoESessionHeader.parse(payload)
        #expect(parsed.sessionID == id && parsed.protocol == PPPProtocol.ipv4 && parsed.body == packet)
        #expect(peer.server.send(ipv4: packet, to: IPv4Address(100, 64, 0, 11)) == nil)
        // IPv6CP is refused with an LCP Protocol-Reject quoting it.
        let v6 = peer.send(peer.control(id, PPPProtocol.ipv6cp, .configureRequest, id: 1, []))
        let reject = try #require(Peer.controlPackets(v6, PPPProtocol.lcp).first)
        #expect(reject.code == .protocolReject && reject.rejectedProtocol == PPPProtocol.ipv6cp)
        #expect(Peer.drops(v6) == [.pppUnknownProtocol])
        // A flood of them gets ten rejects a second.
        var flood: [PPPoEServer.Output] = []
        for _ in 0..<30 { flood += peer.send(peer.control(id, PPPProtocol.ccp, .configureRequest, id: 1, [])) }
        #expect(Peer.controlPackets(flood, PPPProtocol.lcp).count == 9)
        #expect(Peer.drops(flood).filter { $0 == .pppRejectRateLimited }.count == 21)
    }

    @Test func ipv4BeforeIPCPIsDropped() throws {
        var peer = Peer(Peer.settings())
        let (id, pads) = try peer.discover()
        _ = try peer.openLCP(id, pads)
        let packet = IPv4Header.packet(source: IPv4Address(100, 64, 0, 10), destination: IPv4Address(203, 0, 113, 80), protocol: IPProtocol.udp,
                                       ttl: 64, identification: 1, payload: ByteBuffer(bytes: [0, 0, 0, 0, 0, 8, 0, 0]))
        #expect(Peer.drops(peer.send(peer.ppp(id, PPPProtocol.ipv4, packet))) == [.pppUnexpectedPhase])
    }

    @Test func echoKeepaliveAnswersAndDropsASilentPeer() throws {
        var peer = Peer(Peer.settings())
        let (id, _) = try peer.establish()
        // The peer's echo is answered with our magic number.
        let reply = try #require(Peer.controlPackets(peer.send(peer.control(id, PPPProtocol.lcp, .echoRequest, id: 5, data: [0x0B, 0xAD, 0xCA, 0xFE])),
                                                     PPPProtocol.lcp).first)
        #expect(reply.code == .echoReply && reply.identifier == 5 && reply.magicNumber != 0x0BAD_CAFE && reply.magicNumber != nil)
        // Answered echoes keep it up.
        for _ in 0..<5 {
            let request = try #require(Peer.controlPackets(peer.advance(.seconds(10)), PPPProtocol.lcp).first)
            #expect(request.code == .echoRequest)
            _ = peer.send(peer.control(id, PPPProtocol.lcp, .echoReply, id: request.identifier, data: [0x0B, 0xAD, 0xCA, 0xFE]))
        }
        #expect(peer.server.sessions.count == 1)
        // Three unanswered: the fourth interval ends it with a PADT.
        var out: [PPPoEServer.Output] = []
        for _ in 0..<4 { out += peer.advance(.seconds(10)) }
        #expect(Peer.controlPackets(out, PPPProtocol.lcp).filter { $0.code == .echoRequest }.count == 3)
        #expect(Peer.discoveryPackets(out).first?.code == .padt)
        #expect(Self.downs(out).first?.contains("no LCP echo reply") == true)
        #expect(peer.server.sessions.isEmpty)
    }

    @Test func terminateSendsTerminateRequestThenPADT() throws {
        var peer = Peer(Peer.settings())
        let (id, session) = try peer.establish()
        peer.server.terminate(sessionID: id, now: peer.now)
        let out = peer.server.takeOutput()
        let request = try #require(Peer.controlPackets(out, PPPProtocol.lcp).first)
        #expect(request.code == .terminateRequest)
        let ended = peer.send(peer.control(id, PPPProtocol.lcp, .terminateAck, id: request.identifier, data: []))
        let padt = try #require(Peer.discoveryPackets(ended).first)
        #expect(padt.code == .padt && padt.sessionID == id)
        #expect(ended.contains { if case let .sessionDown(s, _) = $0 { s == session } else { false } } || out.contains {
            if case let .sessionDown(s, _) = $0 { s == session } else { false } })
        #expect(peer.server.session(for: session.address) == nil)
    }

    @Test func thePeersTerminateRequestEndsTheSession() throws {
        var peer = Peer(Peer.settings())
        let (id, session) = try peer.establish()
        let out = peer.send(peer.control(id, PPPProtocol.lcp, .terminateRequest, id: 42, data: []))
        #expect(Peer.controlPackets(out, PPPProtocol.lcp).map(\.code) == [.terminateAck])
        #expect(Peer.discoveryPackets(out).map(\.code) == [.padt])
        #expect(Self.downs(out) == ["LCP down by the peer"])
        #expect(peer.server.session(for: session.address) == nil && peer.server.nextDeadline == nil)
    }

    @Test func forgetIsSilentAndTheAddressComesBackLater() throws {
        var peer = Peer(Peer.settings())
        let (id, session) = try peer.establish()
        peer.server.forget(sessionID: id)
        let out = peer.server.takeOutput()
        #expect(Peer.frames(out).isEmpty && Self.downs(out).count == 1)
        // The next session gets the next address; the pool wraps round to the freed one.
        peer.mac = MACAddress(0x02_00_00_00_00_20)
        #expect(try peer.establish().session.address == IPv4Address(100, 64, 0, 11))
        peer.mac = MACAddress(0x02_00_00_00_00_21)
        #expect(try peer.establish().session.address == IPv4Address(100, 64, 0, 12))
        peer.mac = MACAddress(0x02_00_00_00_00_22)
        #expect(try peer.establish().session.address == session.address)
        // Pool exhausted: authenticated, then closed with the reason logged.
        peer.mac = MACAddress(0x02_00_00_00_00_23)
        let (id5, pads) = try peer.discover()
        let auth = try peer.chap(id5, try peer.openLCP(id5, pads), user: "branch2", secret: "secret2")
        #expect(Self.logs(auth).contains { $0.contains("address pool exhausted") })
        #expect(Peer.controlPackets(auth, PPPProtocol.lcp).first?.code == .terminateRequest)
    }

    @Test func nextPoolAddressIsChosen() throws {
        var peer = Peer(Peer.settings())
        peer.server.nextPoolAddress = IPv4Address(100, 64, 0, 12)
        #expect(try peer.establish().session.address == IPv4Address(100, 64, 0, 12))
        peer.mac = MACAddress(0x02_00_00_00_00_20)
        #expect(try peer.establish().session.address == IPv4Address(100, 64, 0, 10))
    }

    @Test func aSessionThatNeverAuthenticatesIsEnded() throws {
        var peer = Peer(Peer.settings())
        let (id, pads) = try peer.discover()
        _ = try peer.openLCP(id, pads)
        var out: [PPPoEServer.Output] = []
        for _ in 0..<30 { out += peer.advance(.seconds(3)) }
        // Ten challenges, then LCP closes and the session is gone.
        #expect(Peer.sessionPackets(out).filter { $0.proto == PPPProtocol.chap }.count == 9)
        #expect(Peer.discoveryPackets(out).contains { $0.code == .padt })
        #expect(peer.server.nextDeadline == nil)
    }
}
