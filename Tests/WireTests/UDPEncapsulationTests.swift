import NIOCore
import Testing
@testable import Wire

struct UDPEncapsulationTests {
    @Test func espHeaderRoundTrip() throws {
        var buffer = ByteBuffer()
        ESPHeader(spi: 0xC0FF_EE01, sequence: 7).write(to: &buffer)
        #expect(bytes(buffer) == [0xC0, 0xFF, 0xEE, 0x01, 0, 0, 0, 7])
        #expect(try ESPHeader.parse(buffer) == ESPHeader(spi: 0xC0FF_EE01, sequence: 7))
        #expect(throws: DropReason.espTruncated) { try ESPHeader.parse(buffer.prefix(7)) }
    }

    /// RFC 3948 2.2 / 2.3: a lone 0xFF is a keepalive, a zero marker precedes IKE, anything else is ESP.
    @Test func classifiesPort4500Payloads() throws {
        #expect(try UDPEncapsulation.classify(UDPEncapsulation.keepalive()) == .keepalive)
        var ike = hexBuffer("01020304 05060708")
        UDPEncapsulation.prependNonESPMarker(to: &ike)
        #expect(bytes(ike) == [0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8])
        #expect(try UDPEncapsulation.classify(ike) == .ike(hexBuffer("01020304 05060708")))
        let esp = hexBuffer("00000100 00000001 aabbccdd")
        #expect(try UDPEncapsulation.classify(esp) == .esp(esp))
        #expect(throws: DropReason.espTruncated) { try UDPEncapsulation.classify(hexBuffer("000001")) }
        #expect(throws: DropReason.espTruncated) { try UDPEncapsulation.classify(hexBuffer("00000100 0000")) }
        #expect(throws: DropReason.espTruncated) { try UDPEncapsulation.classify(hexBuffer("fe")) }
    }
}
