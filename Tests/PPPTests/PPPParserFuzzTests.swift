import NIOCore
import Testing
import Wire
@testable import PPP

/// Seeded random bytes and mutations of valid frames through the PPPoE, LCP, IPCP, PAP and CHAP parsers and
/// through an opened client: a parse either throws a named reason or gives a value that serializes and parses
/// back to itself; the client never crashes and its tables stay bounded. Seeds are fixed so a failure replays.
struct PPPParserFuzzTests {
    static let iterations = 5000

    static func seeds() -> [ByteBuffer] {
        var seeds = [
            ScriptedAC.pado(hostUniq: [1, 2, 3, 4]), ScriptedAC.pads(hostUniq: [9]),
            PPPoEDiscoveryPacket(code: .padi, tags: [.serviceName("internet"), .hostUniq([1, 2, 3, 4, 5, 6, 7, 8])]).buffer,
            ScriptedAC.lcp(ScriptedAC.acLCPRequest()),
            ScriptedAC.ipcp(PPPControlPacket(code: .configureNak, identifier: 2, options: [
                .address(IPCPOption.ipAddress, IPv4Address(203, 0, 113, 5)), .address(IPCPOption.primaryDNS, IPv4Address(198, 51, 100, 53)),
            ])),
            ScriptedAC.payload(PPPProtocol.chap, CHAPPacket(code: .challenge, identifier: 1, value: ScriptedAC.challenge,
                                                            name: Array("BRAS".utf8)).buffer),
            ScriptedAC.payload(PPPProtocol.pap, PAPPacket.request(identifier: 1, peerID: [0x61], password: [0x62]).buffer),
            ScriptedAC.lcp(PPPControlPacket(code: .echoRequest, identifier: 3, data: [0, 0, 0, 1, 9, 9])),
        ]
        seeds.append(ByteBuffer())
        return seeds
    }

    static func mutate(_ seed: ByteBuffer, _ random: inout SeededGenerator) -> ByteBuffer {
        var bytes = Array(seed.readableBytesView)
        switch random.next() % 5 {
        case 0:   // random bytes of random length
            bytes = (0..<Int(random.next() % 80)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        case 1:   // flip a few bytes
            for _ in 0..<(1 + random.next() % 4) where !bytes.isEmpty {
                bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next())
            }
        case 2:   // cut short
            bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count + 1))))
        case 3:   // a length field (PPPoE LENGTH, PPP Length, an option or tag length) set to anything
            for offset in [4, 5, 9, 11, 13] where offset < bytes.count { if random.next() % 2 == 0 { bytes[offset] = UInt8(truncatingIfNeeded: random.next()) } }
        default:  // extra bytes
            bytes += (0..<Int(random.next() % 20)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        }
        var buffer = ByteBuffer()
        buffer.writeBytes(bytes)
        return buffer
    }

    @Test func parsersRefuseOrRoundTrip() {
        var random = SeededGenerator(seed: 0x5EED_2516)
        let seeds = Self.seeds()
        var refused: [String: Int] = [:]
        var accepted = 0
        for index in 0..<Self.iterations {
            let input = Self.mutate(seeds[index % seeds.count], &random)
            do {
                let packet = try PPPoEDiscoveryPacket.parse(input)
                #expect(try PPPoEDiscoveryPacket.parse(packet.buffer) == packet)
                accepted += 1
            } catch { refused[error.name, default: 0] += 1 }
            do {
                let (_, proto, body) = try PPPoESessionHeader.parse(input)
                accepted += 1
                switch proto {
                case PPPProtocol.pap:
                    let pap = try PAPPacket.parse(body)
                    #expect(try PAPPacket.parse(pap.buffer) == pap)
                case PPPProtocol.chap:
                    let chap = try CHAPPacket.parse(body)
                    #expect(try CHAPPacket.parse(chap.buffer) == chap)
                default:
                    let packet = try PPPControlPacket.parse(body)
                    #expect(try PPPControlPacket.parse(packet.buffer) == packet)
                    let options = try packet.options()
                    #expect(PPPOption.bytes(of: options) == packet.data)
                }
            } catch { refused[error.name, default: 0] += 1 }
        }
        #expect(accepted > Self.iterations / 10, "mutations keep enough valid frames to reach the inner parsers")
        for name in refused.keys {
            #expect(name.hasPrefix("pppoe-") || name.hasPrefix("ppp-") || name.hasPrefix("pap-") || name.hasPrefix("chap-"), "\(name)")
        }
        #expect(refused["pppoe-bad-length", default: 0] > 0 && refused["ppp-bad-option", default: 0] > 0)
    }

    /// Mutated frames on both EtherTypes into an opened client, from the AC and from strangers.
    @Test func openedClientSurvivesHostileFrames() throws {
        var client = try PPPoEClientTests.opened(keepalive: .init())
        var random = SeededGenerator(seed: 0xF0_22ED)
        let seeds = Self.seeds()
        var drops = 0
        var now = Duration.seconds(1)
        for index in 0..<Self.iterations {
            let input = Self.mutate(seeds[index % seeds.count], &random)
            let etherType = random.next() % 2 == 0 ? EtherType.pppoeSession : EtherType.pppoeDiscovery
            let source = random.next() % 4 == 0 ? MACAddress(random.next()) : ScriptedAC.acMAC
            client.receive(input, etherType: etherType, source: source, now: now)
            let out = client.takeOutput()
            #expect(out.count < 16, "one frame never fans out")
            drops += ScriptedAC.drops(out).count
            if index % 50 == 0 {
                now += .milliseconds(700)
                client.advance(to: now)
                _ = client.takeOutput()
            }
        }
        #expect(drops > Self.iterations / 2)
        #expect(client.nextDeadline.map { $0 > now - .seconds(1) } ?? true, "no deadline left in the past")
    }
}
