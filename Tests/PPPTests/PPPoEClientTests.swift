import NIOCore
import Testing
import Wire
@testable import PPP

struct PPPoEClientTests {
    typealias AC = ScriptedAC

    /// Discovery and LCP against the scripted AC; returns the client's outputs once LCP is opened.
    static func openLCP(_ client: inout PPPoEClient, chap: Bool = true, now: Duration = .zero) throws -> [PPPoEClient.Output] {
        client.connect(now: now)
        let start = client.takeOutput()
        #expect(AC.logs(start) == ["PPPOE[01] Connecting to PPPoE server"])
        let (padiEthernet, padi) = try AC.discovery(try #require(AC.frames(start).first))
        #expect(padiEthernet.destination == .broadcast)
        #expect(padi.code == .padi)
        #expect(padi.serviceName == "")
        let hostUniq = try #require(padi.hostUniq)
        #expect(hostUniq.count == 8)

        let afterPADO = client.feed(AC.pado(hostUniq: hostUniq), etherType: EtherType.pppoeDiscovery, now: now)
        let (padrEthernet, padr) = try AC.discovery(try #require(AC.frames(afterPADO).first))
        #expect(padrEthernet.destination == AC.acMAC)
        #expect(padr.code == .padr)
        #expect(padr.acCookie == [0xC0, 0x0C, 0x1E], "the AC-Cookie goes back in the PADR")
        #expect(padr.hostUniq == hostUniq)

        let afterPADS = client.feed(AC.pads(hostUniq: hostUniq), etherType: EtherType.pppoeDiscovery, now: now)
        #expect(AC.logs(afterPADS) == ["PPPOE[01] PPPoE Connect"])
        #expect(client.phase == .establish)
        let request = try AC.control(try #require(AC.frames(afterPADS).first), PPPProtocol.lcp)
        #expect(request.code == .configureRequest)
        let options = try request.options()
        #expect(options.first == .uint16(LCPOption.mru, 1454))
        #expect(options.count == 2 && options[1].type == LCPOption.magicNumber && options[1].value.count == 4)

        let ack = client.feed(AC.lcp(AC.acLCPRequest(chap: chap)), now: now)
        let clientAck = try AC.control(try #require(AC.frames(ack).first), PPPProtocol.lcp)
        #expect(clientAck == PPPControlPacket(code: .configureAck, identifier: 0x41, data: AC.acLCPRequest(chap: chap).data))
        let opened = client.feed(AC.lcp(PPPControlPacket(code: .configureAck, identifier: request.identifier, data: request.data)), now: now)
        #expect(client.phase == .authenticate)
        return opened
    }

    /// IPCP: the client asks for 0.0.0.0 and DNS, the AC Naks with the assignment, then both Ack.
    static func openIPCP(_ client: inout PPPoEClient, request first: ByteBuffer, now: Duration = .zero) throws -> [PPPoEClient.Output] {
        let request = try AC.control(first, PPPProtocol.ipcp)
        #expect(try request.options() == [.address(IPCPOption.ipAddress, .any), .address(IPCPOption.primaryDNS, .any),
                                          .address(IPCPOption.secondaryDNS, .any)])
        let acRequest = PPPControlPacket(code: .configureRequest, identifier: 1, options: [.address(IPCPOption.ipAddress, IPv4Address(10, 0, 0, 1))])
        #expect(try AC.control(try #require(AC.frames(client.feed(AC.ipcp(acRequest), now: now)).first), PPPProtocol.ipcp).code
                == .configureAck)
        let nak = PPPControlPacket(code: .configureNak, identifier: request.identifier, options: [
            .address(IPCPOption.ipAddress, IPv4Address(203, 0, 113, 5)), .address(IPCPOption.primaryDNS, IPv4Address(198, 51, 100, 53)),
            .address(IPCPOption.secondaryDNS, IPv4Address(198, 51, 100, 54)),
        ])
        let second = try AC.control(try #require(AC.frames(client.feed(AC.ipcp(nak), now: now)).first), PPPProtocol.ipcp)
        #expect(second.code == .configureRequest)
        #expect(second.data == nak.data, "the Nak'd values are asked for")
        return client.feed(AC.ipcp(PPPControlPacket(code: .configureAck, identifier: second.identifier, data: second.data)), now: now)
    }

    @Test func connectsWithCHAPAndCarriesIPv4() throws {
        var client = AC.client()
        _ = try Self.openLCP(&client)
        #expect(client.status.authProtocol == .chap)
        let challenge = CHAPPacket(code: .challenge, identifier: 1, value: AC.challenge, name: Array("BRAS".utf8))
        let responseOut = client.feed(AC.payload(PPPProtocol.chap, challenge.buffer), now: .zero)
        let (proto, body) = try AC.session(try #require(AC.frames(responseOut).first))
        #expect(proto == PPPProtocol.chap)
        let response = try CHAPPacket.parse(body)
        #expect(response.code == .response && response.identifier == 1)
        // MD5(0x01 || "secret" || 00..0f), computed independently with Python's hashlib.
        #expect(response.value.hexText(separator: "") == "740e86463bda3a4d7017d6e0fba0699d")
        #expect(response.name == Array("user@isp".utf8))

        let success = client.feed(AC.payload(PPPProtocol.chap, CHAPPacket(code: .success, identifier: 1, message: Array("Welcome".utf8)).buffer),
                                  now: .zero)
        #expect(client.phase == .network)
        let up = try Self.openIPCP(&client, request: try #require(AC.frames(success).first))
        let link = try #require(up.compactMap { if case .up(let link) = $0 { link } else { nil } }.first)
        #expect(link == PPPoEClient.Link(sessionID: AC.session, accessConcentrator: AC.acMAC, acName: "BRAS",
                                         address: IPv4Address(203, 0, 113, 5), peerAddress: IPv4Address(10, 0, 0, 1),
                                         dns: [IPv4Address(198, 51, 100, 53), IPv4Address(198, 51, 100, 54)], mtu: 1492))
        #expect(AC.logs(up) == ["PP[01] PPP/IPCP up  (Local: 203.0.113.5, Remote: 10.0.0.1)",
                                "PP[01] Local  PP IP address 203.0.113.5"])
        #expect(client.phase == .opened && client.link == link)
        #expect(client.status.lcpLocal == ["Magic-Number", "MRU"])
        #expect(client.status.lcpRemote == ["CHAP", "Magic-Number", "MRU"])
        #expect(client.status.ipcpLocal == ["IP-Address", "Primary-DNS(198.51.100.53)", "Secondary-DNS(198.51.100.54)"])
        #expect(client.status.ipcpRemote == ["IP-Address"])
        // A later challenge (RFC 1994 2) is answered and its Success keeps the link as it is.
        let rechallenge = CHAPPacket(code: .challenge, identifier: 2, value: AC.challenge)
        #expect(try CHAPPacket.parse(try AC.session(try #require(AC.frames(client.feed(AC.payload(PPPProtocol.chap, rechallenge.buffer),
                                                                                        now: .seconds(30))).first)).1).identifier == 2)
        #expect(client.feed(AC.payload(PPPProtocol.chap, CHAPPacket(code: .success, identifier: 2).buffer), now: .seconds(30)).isEmpty)
        #expect(client.phase == .opened)

        // The data path: Ethernet + PPPoE + 0x0021 prepended in the packet's headroom.
        var packet = ByteBuffer.outgoing(capacity: 20)
        packet.writeBytes([0x45, 0, 0, 20] + Array(repeating: 0, count: 16))
        link.encapsulate(ipv4: &packet, ourMAC: AC.clientMAC)
        let (ethernet, payload) = try EthernetHeader.parse(packet)
        #expect(ethernet == EthernetHeader(destination: AC.acMAC, source: AC.clientMAC, etherType: EtherType.pppoeSession))
        let (id, inner, ip) = try PPPoESessionHeader.parse(payload)
        #expect(id == AC.session && inner == PPPProtocol.ipv4 && ip.readableBytes == 20)

        // Disconnect: Terminate-Request, then on the Ack a PADT and down.
        client.disconnect(now: .seconds(60))
        let closing = client.takeOutput()
        #expect(closing.contains { if case .down = $0 { true } else { false } })
        let terminate = try AC.control(try #require(AC.frames(closing).last), PPPProtocol.lcp)
        #expect(terminate.code == .terminateRequest)
        #expect(client.phase == .terminating)
        let finished = client.feed(AC.lcp(PPPControlPacket(code: .terminateAck, identifier: terminate.identifier)), now: .seconds(60))
        let (padtEthernet, padt) = try AC.discovery(try #require(AC.frames(finished).first))
        #expect(padtEthernet.destination == AC.acMAC && padt.code == .padt && padt.sessionID == AC.session)
        #expect(AC.logs(finished) == ["PPPOE[01] Disconnected"])
        #expect(client.phase == .idle && client.link == nil && client.nextDeadline == nil)
    }

    @Test func connectsWithPAPAndRetransmitsTheRequest() throws {
        var client = AC.client(AC.settings(chap: false))
        let opened = try Self.openLCP(&client, chap: false)
        let (proto, body) = try AC.session(try #require(AC.frames(opened).first))
        #expect(proto == PPPProtocol.pap)
        let request = try PAPPacket.parse(body)
        #expect(request.peerID == Array("user@isp".utf8) && request.password == Array("secret".utf8))
        // Unanswered, it goes again after `ppp pap restart` (3 s).
        #expect(client.nextDeadline == .seconds(3))
        let again = try PAPPacket.parse(try AC.session(try #require(AC.frames(client.tick(.seconds(3))).first)).1)
        #expect(again.code == .authenticateRequest && again.identifier != request.identifier)
        let ack = client.feed(AC.payload(PPPProtocol.pap, PAPPacket.reply(.authenticateAck, identifier: again.identifier, message: "").buffer),
                              now: .seconds(4))
        #expect(client.phase == .network)
        #expect(try AC.control(try #require(AC.frames(ack).first), PPPProtocol.ipcp).code == .configureRequest)
    }

    /// A wrong password: RTX's log lines, a Terminate exchange, PADT, and with always-on a bounded number of
    /// retries, each after a longer hold-off, then none.
    @Test func wrongPasswordLogsAndRetriesBoundedly() throws {
        var settings = AC.settings()
        settings.password = "wrong"
        settings.alwaysOn = true
        var client = AC.client(settings)
        client.connect(now: .zero)
        _ = client.takeOutput()
        var now = Duration.zero
        var starts: [Duration] = []
        var last: [PPPoEClient.Output] = []
        while client.phase == .discovery, starts.count < 10 {
            starts.append(now)
            last = try Self.failAuthentication(&client, now: now)
            #expect(AC.logs(last).contains("PP[01] RECV CHAP Failure in CS_OPEN/SS_CLOSED"))
            #expect(AC.logs(last).contains("PPPOE[01] Disconnected, cause [PPP: Authentication failed]"))
            #expect(client.phase == .idle)
            guard let next = client.nextDeadline else { break }
            now = next
            _ = client.tick(now)
        }
        #expect(starts == [.zero, .seconds(10), .seconds(30)], "hold-offs of 10 s then 20 s, and three tries in all")
        #expect(AC.logs(last).contains("PP[01] Authentication failed 3 times in a row: not reconnecting"))
        #expect(client.nextDeadline == nil)
        // An explicit connect still waits out the last hold-off (40 s after the third failure).
        client.connect(now: .seconds(40))
        #expect(client.takeOutput().isEmpty, "connect during the hold-off waits for it")
        #expect(client.nextDeadline == .seconds(70))
        #expect(AC.logs(client.tick(.seconds(70))) == ["PPPOE[01] Connecting to PPPoE server"])
    }

    /// From a PADI just sent: discovery, LCP, a CHAP Failure, the Terminate exchange.
    static func failAuthentication(_ client: inout PPPoEClient, now: Duration) throws -> [PPPoEClient.Output] {
        let hostUniq = client.hostUniq
        _ = client.feed(AC.pado(hostUniq: hostUniq), etherType: EtherType.pppoeDiscovery, now: now)
        let pads = client.feed(AC.pads(hostUniq: hostUniq), etherType: EtherType.pppoeDiscovery, now: now)
        let request = try AC.control(try #require(AC.frames(pads).first), PPPProtocol.lcp)
        _ = client.feed(AC.lcp(AC.acLCPRequest()), now: now)
        _ = client.feed(AC.lcp(PPPControlPacket(code: .configureAck, identifier: request.identifier, data: request.data)), now: now)
        let challenge = CHAPPacket(code: .challenge, identifier: 7, value: AC.challenge, name: Array("BRAS".utf8))
        let response = try CHAPPacket.parse(try AC.session(try #require(AC.frames(client.feed(AC.payload(PPPProtocol.chap, challenge.buffer), now: now)).first)).1)
        #expect(response.value.hexText(separator: "") == "5131356ea592fd228daa3c83b7688e3a")
        var outputs = client.feed(AC.payload(PPPProtocol.chap, CHAPPacket(code: .failure, identifier: 7).buffer), now: now)
        let terminate = try AC.control(try #require(AC.frames(outputs).last), PPPProtocol.lcp)
        #expect(terminate.code == .terminateRequest)
        outputs += client.feed(AC.lcp(PPPControlPacket(code: .terminateAck, identifier: terminate.identifier)), now: now)
        return outputs
    }

    @Test func padiRetriesDoubleThenGiveUp() {
        var client = AC.client()
        client.connect(now: .zero)
        var sends = [Duration.zero]
        _ = client.takeOutput()
        var last: [PPPoEClient.Output] = []
        while let next = client.nextDeadline, client.phase == .discovery {
            last = client.tick(next)
            if !AC.frames(last).isEmpty, client.phase == .discovery { sends.append(next) }
        }
        // 1 + `pppoe padi maxretry` 5 PADIs, 3 s doubling up to 24 s.
        #expect(sends == [.zero, .seconds(3), .seconds(9), .seconds(21), .seconds(45), .seconds(69)])
        #expect(AC.logs(last) == ["PPPOE[01] Disconnected, cause [PPPoE: PADI Timeout]"])
        #expect(client.phase == .idle)
        #expect(client.nextDeadline == nil, "without always-on the client stays down")
    }

    /// `softrtx run` opens its ports after the router dialled: the PADI sent before is lost, and the port
    /// coming up sends it again at once (same Host-Uniq), not 3 s later. After an offer, link up changes nothing.
    @Test func linkUpResendsAnUnansweredPADI() throws {
        var client = AC.client()
        client.connect(now: .zero)
        let first = try AC.discovery(try #require(AC.frames(client.takeOutput()).first)).1
        client.linkUp(now: .milliseconds(50))
        let again = AC.frames(client.takeOutput())
        #expect(again.count == 1)
        let padi = try AC.discovery(try #require(again.first)).1
        #expect(padi.code == .padi && padi.hostUniq == first.hostUniq)
        #expect(client.nextDeadline == .milliseconds(3050))
        _ = client.feed(AC.pado(hostUniq: first.hostUniq), etherType: EtherType.pppoeDiscovery, now: .milliseconds(60))
        client.linkUp(now: .milliseconds(70))
        #expect(AC.frames(client.takeOutput()).isEmpty, "a PADR is under way")
        var idle = AC.client()
        idle.linkUp(now: .zero)
        #expect(idle.takeOutput().isEmpty, "an idle pp does not dial on link up")
    }

    @Test func offerFloodKeepsOnlyTheFirstAcceptable() throws {
        var settings = AC.settings()
        settings.accessConcentrator = "BRAS"
        var client = AC.client(settings)
        client.connect(now: .zero)
        let hostUniq = try #require(try AC.discovery(AC.frames(client.takeOutput())[0]).1.hostUniq)
        var drops: [DropReason] = []
        // Offers from the wrong AC, with a wrong Host-Uniq, without one, then 200 ACs at once.
        drops += AC.drops(client.feed(AC.pado(hostUniq: hostUniq, acName: "EVIL"), etherType: EtherType.pppoeDiscovery,
                                      from: MACAddress(0x0200_0000_0E01), now: .zero))
        drops += AC.drops(client.feed(AC.pado(hostUniq: [1, 2, 3]), etherType: EtherType.pppoeDiscovery, now: .zero))
        drops += AC.drops(client.feed(AC.pado(hostUniq: nil), etherType: EtherType.pppoeDiscovery, now: .zero))
        var padrs = 0
        for index in 0..<200 {
            let out = client.feed(AC.pado(hostUniq: hostUniq), etherType: EtherType.pppoeDiscovery,
                                  from: MACAddress(0x0200_0000_1000 + UInt64(index)), now: .zero)
            padrs += AC.frames(out).count
            drops += AC.drops(out)
        }
        #expect(padrs == 1)
        #expect(drops.filter { $0 == .pppoeExtraOffer }.count == 199)
        #expect(drops.prefix(3) == [.pppoeACMismatch, .pppoeWrongHostUniq, .pppoeWrongHostUniq])
        // A PADS from another AC than the one chosen, and a PADI, are refused too.
        #expect(AC.drops(client.feed(AC.pads(hostUniq: hostUniq), etherType: EtherType.pppoeDiscovery,
                                     from: MACAddress(0x0200_0000_1001), now: .zero)) == [.pppoeUnexpected])
        #expect(AC.drops(client.feed(PPPoEDiscoveryPacket(code: .padi, tags: []).buffer, etherType: EtherType.pppoeDiscovery,
                                     now: .zero)) == [.pppoeUnexpected])
        // Garbage is counted under the parser's reasons.
        #expect(AC.drops(client.feed(hexBytes([0x11, 0x07, 0, 0, 0, 9, 1]), etherType: EtherType.pppoeDiscovery, now: .zero))
                == [.pppoeBadLength])
    }

    /// A fake AC on the cable answers the PADI first and never answers the PADR; the real AC's offer comes
    /// second. The client does not sit out its PADR retries (93 s) on the fake: the first unanswered PADR sends
    /// it back to discovery (RFC 2516 5.3: trying another AC means a new PADI), where the real AC gets it.
    /// Without a rival offer, an unanswered PADR is sent again to the same AC, as before.
    @Test func silentACThatWonTheRaceIsLeftAfterOnePADR() throws {
        var client = AC.client()
        client.connect(now: .zero)
        let hostUniq = try #require(try AC.discovery(AC.frames(client.takeOutput())[0]).1.hostUniq)
        let fake = MACAddress(0x0200_0000_0F01)
        let toFake = AC.frames(client.feed(AC.pado(hostUniq: hostUniq, acName: "fake"), etherType: EtherType.pppoeDiscovery,
                                           from: fake, now: .milliseconds(1)))
        #expect(try AC.discovery(try #require(toFake.first)).0.destination == fake)
        #expect(AC.drops(client.feed(AC.pado(hostUniq: hostUniq), etherType: EtherType.pppoeDiscovery, now: .milliseconds(2)))
                == [.pppoeExtraOffer])
        let deadline = try #require(client.nextDeadline)
        let (ethernet, padi) = try AC.discovery(try #require(AC.frames(client.tick(deadline)).first))
        #expect(ethernet.destination == .broadcast && padi.code == .padi, "back to discovery, not a second PADR to the fake")
        let padr = try AC.discovery(try #require(AC.frames(client.feed(AC.pado(hostUniq: padi.hostUniq), etherType: EtherType.pppoeDiscovery,
                                                                        now: deadline)).first))
        #expect(padr.0.destination == AC.acMAC && padr.1.code == .padr)
        #expect(AC.logs(client.feed(AC.pads(hostUniq: padi.hostUniq), etherType: EtherType.pppoeDiscovery, now: deadline))
                == ["PPPOE[01] PPPoE Connect"])

        var lone = AC.client()
        lone.connect(now: .zero)
        let loneUniq = try #require(try AC.discovery(AC.frames(lone.takeOutput())[0]).1.hostUniq)
        _ = lone.feed(AC.pado(hostUniq: loneUniq), etherType: EtherType.pppoeDiscovery, now: .zero)
        let loneDeadline = try #require(lone.nextDeadline)
        let again = try AC.discovery(try #require(AC.frames(lone.tick(loneDeadline)).first))
        #expect(again.0.destination == AC.acMAC && again.1.code == .padr, "a lone slow AC gets its PADR again")
    }

    /// An opened session; returns the client and the time.
    static func opened(keepalive: PPPoEClientSettings.Keepalive? = nil, alwaysOn: Bool = false) throws -> PPPoEClient {
        var settings = AC.settings()
        settings.keepalive = keepalive
        settings.alwaysOn = alwaysOn
        var client = AC.client(settings)
        _ = try openLCP(&client)
        _ = client.feed(AC.payload(PPPProtocol.chap, CHAPPacket(code: .challenge, identifier: 1, value: AC.challenge).buffer), now: .zero)
        let success = client.feed(AC.payload(PPPProtocol.chap, CHAPPacket(code: .success, identifier: 1).buffer), now: .zero)
        _ = try openIPCP(&client, request: try #require(AC.frames(success).first))
        #expect(client.phase == .opened)
        return client
    }

    @Test func echoLossEndsTheSessionAndAlwaysOnReconnects() throws {
        var client = try Self.opened(keepalive: .init(interval: .seconds(30), retryInterval: .seconds(5), count: 3), alwaysOn: true)
        // First echo at 30 s, answered.
        let echo = try AC.control(try #require(AC.frames(client.tick(.seconds(30))).first), PPPProtocol.lcp)
        #expect(echo.code == .echoRequest)
        #expect(echo.magicNumber == client.lcp.policy.magicNumber)
        _ = client.feed(AC.lcp(PPPControlPacket(code: .echoReply, identifier: echo.identifier, data: [0x0B, 0xAD, 0xCA, 0xFE])), now: .seconds(31))
        #expect(client.status.echoRepliesReceived == 1)
        // Then silence: a request at 60 s, missed at 90 s, then every retry-interval; the third miss ends it.
        var requests: [Duration] = []
        var now = Duration.seconds(60)
        var end: [PPPoEClient.Output] = []
        while client.phase == .opened {
            let out = client.tick(now)
            if AC.frames(out).count == 1, client.phase == .opened { requests.append(now) }
            end = out
            now = try #require(client.nextDeadline)
        }
        #expect(requests == [.seconds(60), .seconds(90), .seconds(95)])
        #expect(AC.logs(end).contains("PPPOE[01] Disconnected, cause [PPP: LCP keepalive timeout]"))
        #expect(end.contains { if case .down("PPP: LCP keepalive timeout") = $0 { true } else { false } })
        #expect(try AC.discovery(try #require(AC.frames(end).first)).1.code == .padt)
        // always-on: discovery again after the hold-off.
        #expect(client.nextDeadline == .seconds(110))
        #expect(AC.logs(client.tick(.seconds(110))) == ["PPPOE[01] Connecting to PPPoE server"])
    }

    /// The router is going away (`softrtx run` on SIGTERM): a PADT at once, with nothing to wait for and no
    /// reconnect, even with always-on; the AC need not wait for missed echoes to free the session.
    @Test func shutdownSendsPADTAtOnce() throws {
        var client = try Self.opened(keepalive: .init(), alwaysOn: true)
        client.shutdown(now: .seconds(5))
        let out = client.takeOutput()
        let padt = try AC.discovery(try #require(AC.frames(out).first))
        #expect(AC.frames(out).count == 1)
        #expect(padt.0.destination == AC.acMAC && padt.1.code == .padt && padt.1.sessionID == AC.session)
        #expect(AC.logs(out) == ["PPPOE[01] Disconnected"])
        #expect(out.contains { if case .down = $0 { true } else { false } })
        #expect(client.phase == .idle && client.nextDeadline == nil)
        var idle = AC.client()
        idle.shutdown(now: .zero)
        #expect(idle.takeOutput().isEmpty)
    }

    @Test func padtFromTheACEndsTheSession() throws {
        var client = try Self.opened()
        // A PADT for another session or from another MAC is refused; the AC's own ends it.
        #expect(AC.drops(client.feed(PPPoEDiscoveryPacket(code: .padt, sessionID: 99, tags: []).buffer,
                                     etherType: EtherType.pppoeDiscovery, now: .seconds(5))) == [.pppoeWrongSession])
        #expect(AC.drops(client.feed(PPPoEDiscoveryPacket(code: .padt, sessionID: AC.session, tags: []).buffer,
                                     etherType: EtherType.pppoeDiscovery, from: MACAddress(0x0200_0000_0E01), now: .seconds(5)))
                == [.pppoeWrongSession])
        let out = client.feed(PPPoEDiscoveryPacket(code: .padt, sessionID: AC.session, tags: []).buffer,
                              etherType: EtherType.pppoeDiscovery, now: .seconds(5))
        #expect(AC.logs(out) == ["PPPOE[01] Disconnected, cause [PPPoE: Received PADT]"])
        #expect(AC.frames(out).isEmpty, "no PADT back for a session the AC already ended")
        #expect(client.phase == .idle && client.link == nil)
    }

    @Test func hostileSessionFramesAreCounted() throws {
        var client = try Self.opened()
        // Another session ID, another source MAC, a truncated LCP packet, an unknown protocol.
        #expect(AC.drops(client.feed(AC.payload(PPPProtocol.lcp, PPPControlPacket(code: .echoRequest, identifier: 1).buffer, session: 7),
                                     now: .seconds(1))) == [.pppoeWrongSession])
        #expect(AC.drops(client.feed(AC.lcp(PPPControlPacket(code: .echoRequest, identifier: 1)), from: MACAddress(0x0200_0000_0E01),
                                     now: .seconds(1))) == [.pppoeWrongSession])
        #expect(AC.drops(client.feed(AC.payload(PPPProtocol.lcp, hexBytes([9, 1, 0])), now: .seconds(1))) == [.pppTruncated])
        let unknown = client.feed(AC.payload(PPPProtocol.ipv6cp, hexBytes([1, 1, 0, 4])), now: .seconds(1))
        #expect(AC.drops(unknown) == [.pppUnknownProtocol])
        let reject = try AC.control(try #require(AC.frames(unknown).first), PPPProtocol.lcp)
        #expect(reject.code == .protocolReject && reject.rejectedProtocol == PPPProtocol.ipv6cp)
        // An Echo storm: at most ten replies a second.
        var replies = 0, limited = 0
        for index in 0..<500 {
            let out = client.feed(AC.lcp(PPPControlPacket(code: .echoRequest, identifier: UInt8(truncatingIfNeeded: index),
                                                          data: [0x0B, 0xAD, 0xCA, 0xFE])), now: .seconds(2))
            replies += AC.frames(out).count
            limited += AC.drops(out).filter { $0 == .pppEchoRateLimited }.count
        }
        #expect(replies == 10 && limited == 490)
        #expect(client.phase == .opened)
    }

    @Test func lcpTimeoutWhenTheACStaysSilent() throws {
        var client = AC.client()
        client.connect(now: .zero)
        let hostUniq = try #require(try AC.discovery(AC.frames(client.takeOutput())[0]).1.hostUniq)
        _ = client.feed(AC.pado(hostUniq: hostUniq), etherType: EtherType.pppoeDiscovery, now: .zero)
        var requests = AC.frames(client.feed(AC.pads(hostUniq: hostUniq), etherType: EtherType.pppoeDiscovery, now: .zero)).count
        var last: [PPPoEClient.Output] = []
        while let next = client.nextDeadline, client.phase == .establish {
            last = client.tick(next)
            if client.phase == .establish { requests += AC.frames(last).count }
        }
        #expect(requests == 10, "`ppp lcp maxconfigure` 10 Configure-Requests")
        #expect(AC.logs(last) == ["PPPOE[01] Disconnected, cause [PPP: LCP no response]"])
        #expect(client.phase == .idle)
    }
}

func hexBytes(_ bytes: [UInt8]) -> ByteBuffer {
    var buffer = ByteBuffer()
    buffer.writeBytes(bytes)
    return buffer
}
