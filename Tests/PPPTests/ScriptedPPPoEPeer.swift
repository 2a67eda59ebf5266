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
