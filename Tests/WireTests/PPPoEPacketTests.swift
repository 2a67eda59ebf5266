import NIOCore
import Testing
@testable import Wire

struct PPPoEPacketTests {
    /// A PADI as Linux rp-pppoe sends it: empty Service-Name, 4-byte Host-Uniq (RFC 2516 5.1).
    static let padi = "1109 0000 000c 0101 0000 0103 0004 deadbeef"
    /// A PADO with AC-Name "BRAS", the Service-Name, the echoed Host-Uniq and an AC-Cookie, then padding.
    static let pado = "1107 0000 0024 0102 0004 42524153 0101 0000 0103 0004 deadbeef 0104 0008 0102030405060708 0000 0000"

    @Test func parsesPADI() throws {
        let packet = try PPPoEDiscoveryPacket.parse(hexBuffer(Self.padi))
        #expect(packet.code == .padi)
        #expect(packet.sessionID == 0)
        #expect(packet.serviceName == "")
        #expect(packet.hostUniq == [0xDE, 0xAD, 0xBE, 0xEF])
        #expect(packet.acName == nil)
    }

    @Test func parsesPADOAndStopsAtEndOfList() throws {
        var input = hexBuffer(Self.pado)
        input.writeBytes([0x01, 0x02, 0x00])   // Ethernet padding after LENGTH
        let packet = try PPPoEDiscoveryPacket.parse(input)
        #expect(packet.code == .pado)
        #expect(packet.acName == "BRAS")
        #expect(packet.acCookie == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(packet.tags.count == 4, "End-Of-List and what follows are not tags")
    }

    @Test func writesPADIByteExact() {
        let padi = PPPoEDiscoveryPacket(code: .padi, tags: [.serviceName(""), .hostUniq([0xDE, 0xAD, 0xBE, 0xEF])])
        #expect(padi.buffer == hexBuffer(Self.padi))
        #expect(padi.wireLength == 18)
    }

    @Test func frameIsPaddedDiscoveryEthernet() throws {
        let padt = PPPoEDiscoveryPacket(code: .padt, sessionID: 0x1234, tags: [])
        let frame = padt.frame(destination: MACAddress(0x0011_2233_4455), source: MACAddress(0x00A0_DE01_0203))
        #expect(frame.readableBytes == 60)
        #expect(frame.prefix(20) == hexBuffer("001122334455 00a0de010203 8863 11a7 1234 0000"))
        let (ethernet, payload) = try EthernetHeader.parse(frame)
        #expect(ethernet.etherType == EtherType.pppoeDiscovery)
        #expect(try PPPoEDiscoveryPacket.parse(payload) == padt)
    }

    @Test func roundTripsEveryTag() throws {
        let pads = PPPoEDiscoveryPacket(code: .pads, sessionID: 7, tags: [
            .serviceName("internet"), .acName("RTX-AC"), .hostUniq([1]), .acCookie([2, 3]),
            PPPoETag(type: PPPoETagType.relaySessionID, value: [9, 9]), .genericError("no resources"),
        ])
        let parsed = try PPPoEDiscoveryPacket.parse(pads.buffer)
        #expect(parsed == pads)
        #expect(parsed.relaySessionID == [9, 9])
        #expect(parsed.error?.text == "no resources")
    }

    static func expectDrop(_ reason: DropReason, _ hex: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: reason, sourceLocation: sourceLocation) { try PPPoEDiscoveryPacket.parse(hexBuffer(hex)) }
    }

    @Test func everyDiscoveryDropReason() {
        Self.expectDrop(.pppoeTruncated, "")
        Self.expectDrop(.pppoeTruncated, "1109 0000 00")
        Self.expectDrop(.pppoeBadVersion, "2109 0000 0000")
        Self.expectDrop(.pppoeBadVersion, "1209 0000 0000")
        Self.expectDrop(.pppoeBadCode, "1108 0000 0000")
        Self.expectDrop(.pppoeBadCode, "1100 0001 0000")   // session code on the discovery EtherType
        Self.expectDrop(.pppoeBadLength, "1109 0000 0005 0101 00")
        Self.expectDrop(.pppoeBadTag, "1109 0000 0003 0101 00")   // a tag header cut short
        Self.expectDrop(.pppoeBadTag, "1109 0000 0005 0101 0003 41")   // a tag running past LENGTH
    }

    @Test func sessionHeaderPrependsIntoHeadroomWithoutCopy() throws {
        var body = ByteBuffer.outgoing(capacity: 20)
        body.writeBytes([0x45, 0, 0, 20])
        let storage = body.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        PPPoESessionHeader.prepend(sessionID: 0x0102, protocol: PPPProtocol.ipv4, to: &body)
        #expect(body.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) } == storage - 8)
        #expect(body == hexBuffer("1100 0102 0006 0021 45000014"))
    }

    @Test func sessionHeaderParseCutsPaddingAndRefusesBadFrames() throws {
        var payload = hexBuffer("1100 0102 0006 c021 09000004")
        payload.writeRepeatingByte(0, count: 30)
        let (sessionID, proto, body) = try PPPoESessionHeader.parse(payload)
        #expect(sessionID == 0x0102)
        #expect(proto == PPPProtocol.lcp)
        #expect(body == hexBuffer("09000004"))
        #expect(throws: DropReason.pppoeTruncated) { try PPPoESessionHeader.parse(hexBuffer("1100 0102 00")) }
        #expect(throws: DropReason.pppoeTruncated) { try PPPoESessionHeader.parse(hexBuffer("1100 0102 0001 c0")) }
        #expect(throws: DropReason.pppoeBadVersion) { try PPPoESessionHeader.parse(hexBuffer("1000 0102 0002 c021")) }
        #expect(throws: DropReason.pppoeBadCode) { try PPPoESessionHeader.parse(hexBuffer("11a7 0102 0002 c021")) }
        #expect(throws: DropReason.pppoeBadLength) { try PPPoESessionHeader.parse(hexBuffer("1100 0102 0003 c021")) }
    }

    @Test func dropReasonsAreDistinctKebabCase() {
        let all: [DropReason] = [.pppoeTruncated, .pppoeBadVersion, .pppoeBadCode, .pppoeBadLength, .pppoeBadTag,
                                 .pppTruncated, .pppBadLength, .pppBadOption, .papBadLength, .chapBadLength,
                                 .papBadCode, .chapBadCode, .pppUnexpectedReply, .pppBadAck, .pppBadReject, .pppNotOpened,
                                 .pppEchoRateLimited, .pppLoopedBack, .pppoeUnexpected, .pppoeExtraOffer, .pppoeWrongHostUniq,
                                 .pppoeACMismatch, .pppoeWrongSession, .pppUnknownProtocol, .pppUnexpectedPhase, .pppRejectRateLimited]
        #expect(Set(all).count == all.count)
        for reason in all {
            #expect(reason.name.hasPrefix("ppp") || reason.name.hasPrefix("pap-") || reason.name.hasPrefix("chap-"))
            #expect(reason.name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(reason)")
        }
    }
}
