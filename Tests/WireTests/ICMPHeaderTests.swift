import NIOCore
import Testing
@testable import Wire

struct ICMPHeaderTests {
    /// Echo request, identifier 0x1234, sequence 1, Windows-style data; checksum 3b27 computed independently.
    static let echo = "0800 3b27 1234 0001 6162636465666768696a6b6c6d6e6f7071727374757677616263646566676869"
    static let data = ByteBuffer(string: "abcdefghijklmnopqrstuvwabcdefghi")

    @Test func parsesKnownEcho() throws {
        let (header, data) = try ICMPHeader.parse(hexBuffer(Self.echo))
        #expect(header.type == ICMPHeader.echoRequest)
        #expect(header.code == 0)
        #expect(header.checksum == 0x3B27)
        #expect(header.identifier == 0x1234)
        #expect(header.sequence == 1)
        #expect(header.restOfHeader == 0x1234_0001)
        #expect(data == Self.data)
    }

    @Test func buildsKnownEcho() {
        let message = ICMPHeader.message(type: ICMPHeader.echoRequest, code: 0, restOfHeader: 0x1234_0001, data: Self.data)
        #expect(message == hexBuffer(Self.echo))
    }

    @Test func echoReplyFromRequest() throws {
        // Answering a ping: same identifier, sequence and data, type 0.
        let (request, data) = try ICMPHeader.parse(hexBuffer(Self.echo))
        let reply = ICMPHeader.message(type: ICMPHeader.echoReply, code: 0, restOfHeader: request.restOfHeader, data: data)
        let (header, replyData) = try ICMPHeader.parse(reply)
        #expect(header.type == ICMPHeader.echoReply)
        #expect(header.checksum == 0x4327)  // type 8 -> 0 raises the checksum by 0x0800
        #expect(header.identifier == 0x1234 && header.sequence == 1)
        #expect(replyData == Self.data)
    }

    @Test func identifierAndSequenceSetters() {
        var header = ICMPHeader(type: ICMPHeader.echoRequest, code: 0)
        header.identifier = 0xABCD
        header.sequence = 0x0102
        #expect(header.restOfHeader == 0xABCD_0102)
        header.sequence = 0xFFFF
        #expect(header.identifier == 0xABCD)
        #expect(header.restOfHeader == 0xABCD_FFFF)
    }

    @Test func oddLengthRoundTrip() throws {
        let message = ICMPHeader.message(type: ICMPHeader.echoRequest, code: 0, restOfHeader: 7, data: hexBuffer("01 02 03"))
        #expect(try ICMPHeader.parse(message).data == hexBuffer("01 02 03"))
    }

    @Test func truncated() {
        #expect(throws: DropReason.icmpTruncated) { try ICMPHeader.parse(hexBuffer(Self.echo).prefix(7)) }
        #expect(throws: DropReason.icmpTruncated) { try ICMPHeader.parse(ByteBuffer()) }
    }

    @Test func badChecksum() {
        #expect(throws: DropReason.icmpBadChecksum) { try ICMPHeader.parse(hexBuffer(Self.echo).setting(0x28, at: 3)) }
        // A flipped data byte.
        #expect(throws: DropReason.icmpBadChecksum) { try ICMPHeader.parse(hexBuffer(Self.echo).setting(0x00, at: 20)) }
        // A truncated message no longer sums to zero.
        #expect(throws: DropReason.icmpBadChecksum) { try ICMPHeader.parse(hexBuffer(Self.echo).prefix(20)) }
        // All zeros: a correct checksum would be ffff.
        #expect(throws: DropReason.icmpBadChecksum) { try ICMPHeader.parse(ByteBuffer(repeating: 0, count: 8)) }
    }

    @Test func errorDataQuotesHeaderAndEightBytes() throws {
        var packet = IPv4HeaderTests.packet
        packet.writeRepeatingByte(0, count: 10)  // Ethernet padding must not be quoted either
        let quoted = ICMPHeader.errorData(quoting: packet)
        #expect(quoted.readableBytes == 28)
        #expect(quoted == Self.prefix(IPv4HeaderTests.packet, 28))

        // A header with options is quoted whole.
        let withOptions = IPv4Header(totalLength: 34, identification: 1, ttl: 1, protocol: IPProtocol.udp,
                                     source: IPv4Address(10, 0, 0, 1), destination: IPv4Address(10, 0, 0, 2), options: [0x94, 4, 0, 0])
        var optioned = ByteBuffer()
        withOptions.write(to: &optioned)
        optioned.writeRepeatingByte(0x77, count: 10)
        #expect(ICMPHeader.errorData(quoting: optioned).readableBytes == 32)
    }

    @Test func errorDataOfShortPacketsNeverOverreads() {
        // Fewer than 8 payload bytes: only what the total length covers.
        let small = IPv4Header.packet(source: IPv4Address(10, 0, 0, 1), destination: IPv4Address(10, 0, 0, 2),
                                      protocol: IPProtocol.udp, ttl: 1, identification: 1, payload: hexBuffer("0102 03"))
        #expect(ICMPHeader.errorData(quoting: small).readableBytes == 23)
        // Garbage: IHL 15 in 24 bytes, or fewer than 20 bytes.
        #expect(ICMPHeader.errorData(quoting: ByteBuffer(repeating: 0xFF, count: 24)).readableBytes == 24)
        #expect(ICMPHeader.errorData(quoting: ByteBuffer(repeating: 0x45, count: 5)).readableBytes == 5)
    }

    @Test func timeExceededRoundTrip() throws {
        let offending = IPv4HeaderTests.packet
        let message = ICMPHeader.message(type: ICMPHeader.timeExceeded, code: 0, restOfHeader: 0,
                                         data: ICMPHeader.errorData(quoting: offending))
        let (header, data) = try ICMPHeader.parse(message)
        #expect(header.type == ICMPHeader.timeExceeded)
        #expect(data.readableBytes == 28)
        #expect(InternetChecksum.checksum(data.prefix(20)) == 0)  // the quoted header is intact
    }

    static func prefix(_ buffer: ByteBuffer, _ length: Int) -> ByteBuffer { buffer.prefix(length) }
}
