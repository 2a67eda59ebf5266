import NIOCore
@testable import PPP
import Wire

/// Hand-built access-concentrator frames and readers for the client's frames: the peer of the client tests.
enum ScriptedAC {
    static let acMAC = MACAddress(0x0200_0000_AC01)
    static let clientMAC = MACAddress(0x00A0_DE00_0001)
    static let session: UInt16 = 0x1234
    static let challenge: [UInt8] = Array(0..<16)

    static func settings(chap: Bool = true) -> PPPoEClientSettings {
        var settings = PPPoEClientSettings()
        settings.username = "user@isp"
        settings.password = "secret"
        settings.acceptedAuth = chap ? [.chap] : [.pap]
        settings.mru = 1454
        settings.requestAddress = true
        settings.requestDNS = true
        return settings
    }

    static func client(_ settings: PPPoEClientSettings = settings(), seed: UInt64 = 11) -> PPPoEClient {
        PPPoEClient(settings: settings, mac: clientMAC, random: SeededGenerator(seed: seed))
    }

    static func frames(_ outputs: [PPPoEClient.Output]) -> [ByteBuffer] {
        outputs.compactMap { if case .frame(let frame) = $0 { frame } else { nil } }
    }

    static func logs(_ outputs: [PPPoEClient.Output]) -> [String] {
        outputs.compactMap {
            switch $0 {
            case .log(let text): "PP[01] \(text)"
            case .pppoeLog(let text): "PPPOE[01] \(text)"
            default: nil
            }
        }
    }

    static func drops(_ outputs: [PPPoEClient.Output]) -> [DropReason] {
        outputs.compactMap { if case .drop(let reason) = $0 { reason } else { nil } }
    }

    static func discovery(_ frame: ByteBuffer) throws -> (EthernetHeader, PPPoEDiscoveryPacket) {
        let (ethernet, payload) = try EthernetHeader.parse(frame)
        return (ethernet, try PPPoEDiscoveryPacket.parse(payload))
    }

    /// The PPP protocol and information field of a session frame, after checking its headers.
    static func session(_ frame: ByteBuffer) throws -> (UInt16, ByteBuffer) {
        let (ethernet, payload) = try EthernetHeader.parse(frame)
        guard ethernet.etherType == EtherType.pppoeSession, ethernet.destination == acMAC, ethernet.source == clientMAC else {
            throw DropReason("test-not-a-session-frame")
        }
        let (id, proto, body) = try PPPoESessionHeader.parse(payload)
        guard id == session else { throw DropReason("test-wrong-session") }
        return (proto, body)
    }

    static func control(_ frame: ByteBuffer, _ proto: UInt16) throws -> PPPControlPacket {
        let (got, body) = try session(frame)
        guard got == proto else { throw DropReason("test-wrong-protocol") }
        return try PPPControlPacket.parse(body)
    }

    static func pado(hostUniq: [UInt8]?, acName: String = "BRAS", service: String = "") -> ByteBuffer {
        var tags: [PPPoETag] = [.acName(acName), .serviceName(service), .acCookie([0xC0, 0x0C, 0x1E])]
        if let hostUniq { tags.append(.hostUniq(hostUniq)) }
        return PPPoEDiscoveryPacket(code: .pado, tags: tags).buffer
    }

    static func pads(hostUniq: [UInt8]?, session: UInt16 = session) -> ByteBuffer {
        var tags: [PPPoETag] = [.serviceName("")]
        if let hostUniq { tags.append(.hostUniq(hostUniq)) }
        return PPPoEDiscoveryPacket(code: .pads, sessionID: session, tags: tags).buffer
    }

    /// A session payload (after the Ethernet header) from the AC.
    static func payload(_ proto: UInt16, _ body: ByteBuffer, session: UInt16 = session) -> ByteBuffer {
        var buffer = body
        PPPoESessionHeader.prepend(sessionID: session, protocol: proto, to: &buffer)
        return buffer
    }

    static func lcp(_ packet: PPPControlPacket) -> ByteBuffer { payload(PPPProtocol.lcp, packet.buffer) }
    static func ipcp(_ packet: PPPControlPacket) -> ByteBuffer { payload(PPPProtocol.ipcp, packet.buffer) }

    /// The AC's LCP request: MRU 1492, CHAP-MD5 (or PAP), its magic.
    static func acLCPRequest(chap: Bool = true, id: UInt8 = 0x41) -> PPPControlPacket {
        PPPControlPacket(code: .configureRequest, identifier: id, options: [
            .uint16(LCPOption.mru, 1492),
            chap ? PPPOption(type: LCPOption.authProtocol, value: [0xC2, 0x23, 5]) : .uint16(LCPOption.authProtocol, PPPProtocol.pap),
            .uint32(LCPOption.magicNumber, 0x0BAD_CAFE),
        ])
    }
}

extension PPPoEClient {
    mutating func feed(_ payload: ByteBuffer, etherType: UInt16 = EtherType.pppoeSession,
                       from source: MACAddress = ScriptedAC.acMAC, now: Duration) -> [Output] {
        receive(payload, etherType: etherType, source: source, now: now)
        return takeOutput()
    }

    mutating func tick(_ now: Duration) -> [Output] {
        advance(to: now)
        return takeOutput()
    }
}
