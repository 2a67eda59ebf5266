import NIOCore
import Testing
import Wire
@testable import PPP

/// The access concentrator under seeded hostile frames: discovery and session frames cut, bit-flipped,
/// with lengths set to anything, from its subscriber's MAC and from strangers. It must refuse by name,
/// never fan one frame out into many, keep its table within bounds and its timers ahead of time.
struct PPPoEServerFuzzTests {
    @Test func openedServerSurvivesHostileFrames() throws {
        var settings = ScriptedPPPoEPeer.settings()
        settings.maxSessions = 8
        var peer = ScriptedPPPoEPeer(settings)
        let (id, _) = try peer.establish()
        let cookie = peer.server.cookie(for: peer.mac)
        let seeds: [ByteBuffer] = [
            PPPoEDiscoveryPacket(code: .padi, tags: [.serviceName(""), .hostUniq([1, 2, 3])]).buffer,
            PPPoEDiscoveryPacket(code: .padr, tags: [.serviceName(""), .acCookie(cookie), .hostUniq([4])]).buffer,
            PPPoEDiscoveryPacket(code: .padt, sessionID: id, tags: []).buffer,
            Self.session(id, PPPProtocol.lcp, PPPControlPacket(code: .configureRequest, identifier: 9, options: [
                .uint16(LCPOption.mru, 1492), .uint32(LCPOption.magicNumber, 7)]).buffer),
            Self.session(id, PPPProtocol.lcp, PPPControlPacket(code: .echoRequest, identifier: 3, data: [0, 0, 0, 1, 9]).buffer),
            Self.session(id, PPPProtocol.chap, CHAPPacket(code: .response, identifier: 1, value: [1, 2], name: [0x61]).buffer),
            Self.session(id, PPPProtocol.pap, PAPPacket.request(identifier: 1, peerID: [0x61], password: [0x62]).buffer),
            Self.session(id, PPPProtocol.ipcp, PPPControlPacket(code: .configureRequest, identifier: 2, options: [
                .address(IPCPOption.ipAddress, .any)]).buffer),
            Self.session(id, PPPProtocol.ipv4, IPv4Header.packet(source: IPv4Address(100, 64, 0, 10), destination: IPv4Address(1, 1, 1, 1),
                                                                 protocol: 17, ttl: 9, identification: 1, payload: ByteBuffer(bytes: [0, 0, 0, 0]))),
        ]
        var random = SeededGenerator(seed: 0x5E_4FE2)
        var drops = 0
        var now = peer.now
        for index in 0..<PPPParserFuzzTests.iterations {
            let input = PPPParserFuzzTests.mutate(seeds[index % seeds.count], &random)
            let etherType = random.next() % 2 == 0 ? EtherType.pppoeSession : EtherType.pppoeDiscovery
            let source = random.next() % 3 == 0 ? MACAddress(random.next() & 0xFEFF_FFFF_FFFF) : peer.mac
            peer.server.receive(input, etherType: etherType, source: source, now: now)
            let out = peer.server.takeOutput()
            #expect(out.count < 8, "one frame never fans out")
            drops += ScriptedPPPoEPeer.drops(out).count
            if index % 50 == 0 {
                now += .milliseconds(700)
                peer.server.advance(to: now)
                _ = peer.server.takeOutput()
            }
            #expect(peer.server.table.count <= settings.maxSessions)
        }
        #expect(drops > PPPParserFuzzTests.iterations / 2)
        #expect(peer.server.nextDeadline.map { $0 > now - .seconds(1) } ?? true, "no deadline left in the past")
        // Left alone for the establish limit, every half-open session is gone.
        for _ in 0..<40 {
            now += .seconds(3)
            peer.server.advance(to: now)
        }
        #expect(peer.server.table.values.allSatisfy { $0.opened != nil })
    }

    /// A session frame's payload (after Ethernet) with `body` under `proto`.
    static func session(_ id: UInt16, _ proto: UInt16, _ body: ByteBuffer) -> ByteBuffer {
        var payload = body
        PPPoESessionHeader.prepend(sessionID: id, protocol: proto, to: &payload)
        return payload
    }
}
