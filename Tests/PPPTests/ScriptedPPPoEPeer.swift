import NIOCore
import Wire
@testable import PPP

/// A PPPoE host written out frame by frame from the wire types, to drive the access concentrator
/// one step at a time and read what it answers.
struct ScriptedPPPoEPeer {
    static let acMAC = MACAddress(0x02_AC_00_00_00_01)
    var mac = MACAddress(0x02_00_00_00_00_0A)
    var server: PPPoEServer
    var now: Duration = .zero

    init(_ settings: PPPoEServerSettings) {
        server = PPPoEServer(settings: settings, mac: Self.acMAC, random: SeededGenerator(seed: 7))
    }

    static func settings(auth: PPPAuthProtocol = .chap) -> PPPoEServerSettings {
        var settings = PPPoEServerSettings(acName: "ISP-AC", localAddress: IPv4Address(100, 64, 0, 1),
                                           pool: IPv4Address(100, 64, 0, 10)...IPv4Address(100, 64, 0, 12))
        settings.users = ["branch1": "secret1", "branch2": "secret2"]
        settings.auth = auth
        settings.dns = [IPv4Address(203, 0, 113, 53), IPv4Address(203, 0, 113, 54)]
        return settings
    }

    /// Gives the server one frame and returns what it put out.
    mutating func send(_ frame: ByteBuffer) -> [PPPoEServer.Output] {
        guard let (eth, payload) = try? EthernetHeader.parse(frame) else { return [] }
        server.receive(payload, etherType: eth.etherType, source: eth.source, now: now)
        return server.takeOutput()
    }

    mutating func advance(_ by: Duration) -> [PPPoEServer.Output] {
        now += by
        server.advance(to: now)
        return server.takeOutput()
    }

    func discovery(_ code: PPPoECode, session: UInt16 = 0, _ tags: [PPPoETag]) -> ByteBuffer {
        PPPoEDiscoveryPacket(code: code, sessionID: session, tags: tags).frame(destination: code == .padi ? .broadcast : Self.acMAC, source: mac)
    }

    func ppp(_ session: UInt16, _ proto: UInt16, _ body: ByteBuffer) -> ByteBuffer {
        var frame = body
        PPPoESessionHeader.prepend(sessionID: session, protocol: proto, to: &frame)
        EthernetHeader(destination: Self.acMAC, source: mac, etherType: EtherType.pppoeSession).prepend(to: &frame)
        return frame
    }

    func control(_ session: UInt16, _ proto: UInt16, _ code: PPPControlCode, id: UInt8, _ options: [PPPOption]) -> ByteBuffer {
        ppp(session, proto, PPPControlPacket(code: code, identifier: id, options: options).buffer)
    }

    func control(_ session: UInt16, _ proto: UInt16, _ code: PPPControlCode, id: UInt8, data: [UInt8]) -> ByteBuffer {
        ppp(session, proto, PPPControlPacket(code: code, identifier: id, data: data).buffer)
    }

    /// The frames among outputs, parsed: discovery packets and session (protocol, body) pairs.
    static func frames(_ outputs: [PPPoEServer.Output]) -> [ByteBuffer] {
        outputs.compactMap { if case let .frame(f) = $0 { f } else { nil } }
    }

    static func discoveryPackets(_ outputs: [PPPoEServer.Output]) -> [PPPoEDiscoveryPacket] {
        frames(outputs).compactMap { frame in
            guard let (eth, payload) = try? EthernetHeader.parse(frame), eth.etherType == EtherType.pppoeDiscovery else { return nil }
            return try? PPPoEDiscoveryPacket.parse(payload)
        }
    }

    static func sessionPackets(_ outputs: [PPPoEServer.Output]) -> [(session: UInt16, proto: UInt16, body: ByteBuffer)] {
        frames(outputs).compactMap { frame in
            guard let (eth, payload) = try? EthernetHeader.parse(frame), eth.etherType == EtherType.pppoeSession,
                  let parsed = try? PPPoESessionHeader.parse(payload) else { return nil }
            return (parsed.sessionID, parsed.protocol, parsed.body)
        }
    }

    static func controlPackets(_ outputs: [PPPoEServer.Output], _ proto: UInt16) -> [PPPControlPacket] {
        sessionPackets(outputs).filter { $0.proto == proto }.compactMap { try? PPPControlPacket.parse($0.body) }
    }

    static func drops(_ outputs: [PPPoEServer.Output]) -> [DropReason] {
        outputs.compactMap { if case let .drop(d) = $0 { d } else { nil } }
    }
}

extension ScriptedPPPoEPeer {
    /// Discovery: PADI, PADR with the cookie; returns the session id and what the PADS brought (LCP's request).
    mutating func discover() throws -> (session: UInt16, out: [PPPoEServer.Output]) {
        let pado = Self.discoveryPackets(send(discovery(.padi, [.serviceName(""), .hostUniq([1, 2])])))
        guard let cookie = pado.first?.acCookie else { throw PeerError.step("no PADO") }
        let out = send(discovery(.padr, [.serviceName(""), .hostUniq([1, 2]), .acCookie(cookie)]))
        guard let session = Self.discoveryPackets(out).first?.sessionID, session != 0 else { throw PeerError.step("no PADS") }
        return (session, out)
    }

    /// LCP both ways: acks the server's request and has its own (MRU 1492, a magic number) acked.
    /// Returns what LCP opening brought (a CHAP challenge, or nothing for PAP).
    mutating func openLCP(_ session: UInt16, _ pads: [PPPoEServer.Output]) throws -> [PPPoEServer.Output] {
        guard let request = Self.controlPackets(pads, PPPProtocol.lcp).first(where: { $0.code == .configureRequest }) else {
            throw PeerError.step("no LCP request")
        }
        _ = send(control(session, PPPProtocol.lcp, .configureAck, id: request.identifier, data: request.data))
        return send(control(session, PPPProtocol.lcp, .configureRequest, id: 1,
                            [.uint16(LCPOption.mru, 1492), .uint32(LCPOption.magicNumber, 0x0BAD_CAFE)]))
    }

    /// Answers the CHAP challenge in `out` with `secret` as `user`.
    mutating func chap(_ session: UInt16, _ out: [PPPoEServer.Output], user: String, secret: String) throws -> [PPPoEServer.Output] {
        guard let challenge = Self.sessionPackets(out).first(where: { $0.proto == PPPProtocol.chap }),
              let packet = try? CHAPPacket.parse(challenge.body), packet.code == .challenge else { throw PeerError.step("no challenge") }
        let response = CHAPMD5.response(identifier: packet.identifier, secret: Array(secret.utf8), challenge: packet.value)
        return send(ppp(session, PPPProtocol.chap, CHAPPacket(code: .response, identifier: packet.identifier, value: response,
                                                              name: Array(user.utf8)).buffer))
    }

    /// IPCP: acks the server's request, asks for 0.0.0.0 and DNS, takes the Nak's values, is acked.
    mutating func openIPCP(_ session: UInt16, _ out: [PPPoEServer.Output]) throws -> (nak: [PPPOption], out: [PPPoEServer.Output]) {
        guard let request = Self.controlPackets(out, PPPProtocol.ipcp).first(where: { $0.code == .configureRequest }) else {
            throw PeerError.step("no IPCP request")
        }
        _ = send(control(session, PPPProtocol.ipcp, .configureAck, id: request.identifier, data: request.data))
        let asked = send(control(session, PPPProtocol.ipcp, .configureRequest, id: 1, [
            .address(IPCPOption.ipAddress, .any), .address(IPCPOption.primaryDNS, .any), .address(IPCPOption.secondaryDNS, .any),
        ]))
        guard let nak = Self.controlPackets(asked, PPPProtocol.ipcp).first, nak.code == .configureNak else { throw PeerError.step("no IPCP Nak") }
        let options = try nak.options()
        return (options, send(control(session, PPPProtocol.ipcp, .configureRequest, id: 2, options)))
    }

    /// Everything from PADI to IPCP opened with CHAP; returns the session id and the opened session.
    mutating func establish(user: String = "branch1", secret: String = "secret1") throws -> (id: UInt16, session: PPPoEServer.Session) {
        let (id, pads) = try discover()
        let lcp = try openLCP(id, pads)
        let auth = try chap(id, lcp, user: user, secret: secret)
        let (_, out) = try openIPCP(id, auth)
        guard let up = out.compactMap({ if case let .sessionUp(s) = $0 { s } else { nil } }).first else { throw PeerError.step("no session up") }
        return (id, up)
    }

    enum PeerError: Error { case step(String) }
}
