import NIOCore
import Testing
@testable import Wire

struct ARPPacketTests {
    /// Who has 192.168.1.1? Tell 192.168.1.100 (00:11:22:33:44:55), as on the wire after the Ethernet header.
    static let request = "0001 0800 06 04 0001 001122334455 c0a80164 000000000000 c0a80101"

    @Test func parsesKnownRequest() throws {
        let arp = try ARPPacket.parse(hexBuffer(Self.request))
        #expect(arp == ARPPacket(operation: .request, senderMAC: MACAddress(0x0011_2233_4455), senderIP: IPv4Address(192, 168, 1, 100),
                                 targetMAC: .zero, targetIP: IPv4Address(192, 168, 1, 1)))
    }

    @Test func emitsKnownRequest() {
        let arp = ARPPacket(operation: .request, senderMAC: MACAddress(0x0011_2233_4455), senderIP: IPv4Address(192, 168, 1, 100),
                            targetMAC: .zero, targetIP: IPv4Address(192, 168, 1, 1))
        #expect(arp.buffer == hexBuffer(Self.request))
        #expect(arp.buffer.readableBytes == 28)
    }

    @Test func parsesFromAPaddedFrame() throws {
        let frame = hexBuffer("ffffffffffff 001122334455 0806 " + Self.request + String(repeating: "00", count: 18))
        let (ethernet, payload) = try EthernetHeader.parse(frame)
        #expect(ethernet.etherType == EtherType.arp)
        #expect(payload.readableBytes == 46)
        #expect(try ARPPacket.parse(payload).targetIP == IPv4Address(192, 168, 1, 1))
    }

    @Test func replyRoundTrip() throws {
        let reply = ARPPacket(operation: .reply, senderMAC: MACAddress(0x00A0_DE01_0203), senderIP: IPv4Address(192, 168, 1, 1),
                              targetMAC: MACAddress(0x0011_2233_4455), targetIP: IPv4Address(192, 168, 1, 100))
        var buffer = ByteBuffer(bytes: [0xEE])  // write appends
        buffer.moveReaderIndex(forwardBy: 1)
        reply.write(to: &buffer)
        #expect(bytes(buffer.prefix(8)) == [0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x02])
        #expect(try ARPPacket.parse(buffer) == reply)
    }

    @Test func truncated() {
        let short = hexBuffer(Self.request).prefix(27)
        #expect(throws: DropReason.arpTruncated) { try ARPPacket.parse(short) }
        #expect(throws: DropReason.arpTruncated) { try ARPPacket.parse(ByteBuffer()) }
    }

    @Test(arguments: [
        (1, UInt8(0x06)),  // hardware type 6 (IEEE 802)
        (2, UInt8(0x86)),  // protocol type 0x86dd
        (4, UInt8(8)),     // hardware address length
        (5, UInt8(16)),    // protocol address length
        (7, UInt8(3)),     // RARP request
        (7, UInt8(0)),
    ])
    func unsupported(offset: Int, value: UInt8) {
        let packet = hexBuffer(Self.request).setting(value, at: offset)
        #expect(throws: DropReason.arpUnsupported) { try ARPPacket.parse(packet) }
    }
}
