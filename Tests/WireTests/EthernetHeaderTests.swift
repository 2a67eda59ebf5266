import NIOCore
import Testing
@testable import Wire

struct EthernetHeaderTests {
    let hostMAC = MACAddress(0x0011_2233_4455)

    @Test func parsesKnownFrame() throws {
        let frame = hexBuffer("ffffffffffff 001122334455 0806 0001 0800 0604 0001")
        let (header, payload) = try EthernetHeader.parse(frame)
        #expect(header.destination == .broadcast)
        #expect(header.source == hostMAC)
        #expect(header.etherType == EtherType.arp)
        #expect(bytes(payload) == [0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01])
    }

    @Test func parsesAVLANTagAsItsType() throws {
        let (header, payload) = try EthernetHeader.parse(hexBuffer("ffffffffffff 001122334455 8100 0064 0800"))
        #expect(header.etherType == EtherType.vlan)
        #expect(payload.readableBytes == 4)
    }

    @Test func truncated() {
        let frame = hexBuffer("ffffffffffff 001122334455 08")
        #expect(throws: DropReason.ethernetTruncated) { try EthernetHeader.parse(frame) }
        #expect(throws: DropReason.ethernetTruncated) { try EthernetHeader.parse(ByteBuffer()) }
    }

    @Test func headerOnlyHasEmptyPayload() throws {
        let (_, payload) = try EthernetHeader.parse(hexBuffer("ffffffffffff 001122334455 0800"))
        #expect(payload.readableBytes == 0)
    }

    @Test func frameIsPaddedTo60() throws {
        let frame = EthernetHeader.frame(destination: .broadcast, source: hostMAC, etherType: EtherType.ipv4,
                                         payload: hexBuffer("0102 0304"))
        #expect(frame.readableBytes == 60)
        #expect(bytes(frame).prefix(20) == [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
                                            0x08, 0x00, 0x01, 0x02, 0x03, 0x04, 0x00, 0x00])
        #expect(bytes(frame).dropFirst(18).allSatisfy { $0 == 0 })
    }

    @Test func largeFrameIsNotPadded() throws {
        let payload = ByteBuffer(repeating: 0xAB, count: 1500)
        let frame = EthernetHeader.frame(destination: hostMAC, source: .broadcast, etherType: 0x88B5, payload: payload)
        #expect(frame.readableBytes == 1514)
        let (header, parsed) = try EthernetHeader.parse(frame)
        #expect(header == EthernetHeader(destination: hostMAC, source: .broadcast, etherType: 0x88B5))
        #expect(parsed == payload)
    }

    @Test func writeRoundTrip() throws {
        let header = EthernetHeader(destination: MACAddress(0x00A0_DE01_0203), source: hostMAC, etherType: EtherType.arp)
        var buffer = ByteBuffer()
        header.write(to: &buffer)
        #expect(buffer.readableBytes == EthernetHeader.length)
        #expect(try EthernetHeader.parse(buffer).header == header)
    }
}
