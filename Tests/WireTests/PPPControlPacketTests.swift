import NIOCore
import Testing
@testable import Wire

struct PPPControlPacketTests {
    /// LCP Configure-Request: MRU 1492, Auth-Protocol CHAP/MD5, Magic-Number 0x12345678 (RFC 1661 6.1, 6.2, 6.4).
    static let lcpRequest = "01 01 0013 0104 05d4 0305 c223 05 0506 12345678"

    @Test func parsesLCPConfigureRequestOptions() throws {
        let packet = try PPPControlPacket.parse(hexBuffer(Self.lcpRequest + " 0000"))
        #expect(packet.code == .configureRequest)
        #expect(packet.identifier == 1)
        let options = try packet.options()
        #expect(options == [.uint16(LCPOption.mru, 1492), PPPOption(type: LCPOption.authProtocol, value: [0xC2, 0x23, 5]),
                            .uint32(LCPOption.magicNumber, 0x1234_5678)])
        #expect(options[0].uint16 == 1492)
        #expect(options[2].uint32 == 0x1234_5678)
        #expect(options[1].uint32 == nil)
    }

    @Test func writesByteExact() {
        let packet = PPPControlPacket(code: .configureRequest, identifier: 1, options: [
            .uint16(LCPOption.mru, 1492), PPPOption(type: LCPOption.authProtocol, value: [0xC2, 0x23, 5]),
            .uint32(LCPOption.magicNumber, 0x1234_5678),
        ])
        #expect(packet.buffer == hexBuffer(Self.lcpRequest))
        // IPCP asking for an address and both DNS servers (RFC 1332 3.3, RFC 1877 1.1, 1.3).
        let ipcp = PPPControlPacket(code: .configureRequest, identifier: 9, options: [
            .address(IPCPOption.ipAddress, .any), .address(IPCPOption.primaryDNS, .any), .address(IPCPOption.secondaryDNS, .any),
        ])
        #expect(ipcp.buffer == hexBuffer("01 09 0016 0306 00000000 8106 00000000 8306 00000000"))
    }

    @Test func echoAndRejectAccessors() throws {
        let echo = try PPPControlPacket.parse(hexBuffer("09 07 0008 cafebabe"))
        #expect(echo.code == .echoRequest)
        #expect(echo.magicNumber == 0xCAFE_BABE)
        let protocolReject = try PPPControlPacket.parse(hexBuffer("08 01 000a 8057 01010004"))
        #expect(protocolReject.rejectedProtocol == PPPProtocol.ipv6cp)
        let codeReject = try PPPControlPacket.parse(hexBuffer("07 02 0008 0e010004"))
        #expect(codeReject.rejectedCode == PPPControlCode(rawValue: 14))
        #expect(PPPControlCode(rawValue: 14).description == "code 14")
        #expect(PPPControlCode.configureNak.description == "Configure-Nak")
    }

    @Test func controlDropReasons() {
        #expect(throws: DropReason.pppTruncated) { try PPPControlPacket.parse(hexBuffer("0101 00")) }
        #expect(throws: DropReason.pppBadLength) { try PPPControlPacket.parse(hexBuffer("0101 0003")) }
        #expect(throws: DropReason.pppBadLength) { try PPPControlPacket.parse(hexBuffer("0101 0009 01040000")) }
        // Option length 1, 0, and past the data.
        #expect(throws: DropReason.pppBadOption) { try PPPControlPacket.parse(hexBuffer("0101 0006 0101")).options() }
        #expect(throws: DropReason.pppBadOption) { try PPPControlPacket.parse(hexBuffer("0101 0006 0100")).options() }
        #expect(throws: DropReason.pppBadOption) { try PPPControlPacket.parse(hexBuffer("0101 0007 010505")).options() }
        #expect(throws: DropReason.pppBadOption) { try PPPControlPacket.parse(hexBuffer("0101 0005 01")).options() }
    }

    @Test func papRequestAndReplies() throws {
        // Authenticate-Request: Peer-ID "user", Password "pass" (RFC 1334 2.2.1).
        let request = "01 05 000e 04 75736572 04 70617373"
        let parsed = try PAPPacket.parse(hexBuffer(request))
        #expect(parsed == .request(identifier: 5, peerID: Array("user".utf8), password: Array("pass".utf8)))
        #expect(parsed.buffer == hexBuffer(request))
        let ack = PAPPacket.reply(.authenticateAck, identifier: 5, message: "OK")
        #expect(ack.buffer == hexBuffer("02 05 0007 02 4f4b"))
        #expect(try PAPPacket.parse(hexBuffer("03 05 0004")).message == [], "a bare Nak has an empty message")
        #expect(throws: DropReason.papBadLength) { try PAPPacket.parse(hexBuffer("01 05 0008 04 757365")) }
        #expect(throws: DropReason.papBadLength) { try PAPPacket.parse(hexBuffer("01 05 0009 04 75736572")) }
        #expect(throws: DropReason.papBadLength) { try PAPPacket.parse(hexBuffer("02 05 0006 05 41")) }
        #expect(throws: DropReason.papBadCode) { try PAPPacket.parse(hexBuffer("04 05 0004")) }
        #expect(throws: DropReason.pppBadLength) { try PAPPacket.parse(hexBuffer("01 05 0010 00 00")) }
    }

    @Test func chapChallengeResponseAndResult() throws {
        // Challenge: Value-Size 16, value, Name "BRAS" (RFC 1994 4.1).
        let challenge = "01 03 0019 10 000102030405060708090a0b0c0d0e0f 42524153"
        let parsed = try CHAPPacket.parse(hexBuffer(challenge))
        #expect(parsed.code == .challenge)
        #expect(parsed.value == Array(0..<16))
        #expect(parsed.name == Array("BRAS".utf8))
        #expect(parsed.buffer == hexBuffer(challenge))
        let success = try CHAPPacket.parse(hexBuffer("03 03 0008 57656c63"))
        #expect(success.message == Array("Welc".utf8))
        #expect(success.buffer == hexBuffer("03 03 0008 57656c63"))
        #expect(throws: DropReason.chapBadLength) { try CHAPPacket.parse(hexBuffer("01 03 0004")) }
        #expect(throws: DropReason.chapBadLength) { try CHAPPacket.parse(hexBuffer("02 03 0007 05 0102")) }
        #expect(throws: DropReason.chapBadCode) { try CHAPPacket.parse(hexBuffer("05 03 0004")) }
        #expect(throws: DropReason.pppTruncated) { try CHAPPacket.parse(hexBuffer("01")) }
    }
}
