import NIOCore
import Testing
@testable import Wire

struct TCPMSSClampTests {
    static let source = IPv4Address(192, 168, 100, 10), destination = IPv4Address(192, 168, 100, 17)

    /// An IPv4 TCP SYN (or a plain ACK) with these option bytes and a finished checksum.
    static func packet(options: [UInt8], flags: UInt16 = TCPHeader.syn) -> ByteBuffer {
        var tcp = ByteBuffer()
        tcp.writeInteger(UInt16(40000)); tcp.writeInteger(UInt16(80))
        tcp.writeInteger(UInt32(7)); tcp.writeInteger(UInt32(0))
        tcp.writeInteger(UInt16((20 + options.count) / 4) << 12 | flags)
        tcp.writeInteger(UInt16(64240)); tcp.writeInteger(UInt16(0)); tcp.writeInteger(UInt16(0))
        tcp.writeBytes(options)
        let pseudo = InternetChecksum.pseudoHeaderSum(source: source, destination: destination, protocol: IPProtocol.tcp,
                                                      length: tcp.readableBytes)
        tcp.setInteger(InternetChecksum.checksum(tcp, initial: pseudo), at: 16)
        return IPv4Header.packet(source: source, destination: destination, protocol: IPProtocol.tcp, ttl: 64, identification: 1, payload: tcp)
    }

    /// The 16 bits at `offset` from the TCP header.
    static func mss(_ packet: ByteBuffer, at offset: Int) -> UInt16? { packet.getInteger(at: packet.readerIndex + 20 + offset) }

    @Test(arguments: [
        ([2, 4, 0x05, 0xB4, 1, 1, 4, 2], 22),        // MSS first: word-aligned
        ([1, 2, 4, 0x05, 0xB4, 1, 4, 2], 23),        // after a NOP: the value straddles two checksum words
        ([1, 1, 1, 3, 3, 7, 2, 4, 0x05, 0xB4, 0, 0], 28),   // after window scale
    ] as [([UInt8], Int)])
    func lowersTheOptionAndKeepsTheChecksumValid(options: [UInt8], at offset: Int) throws {
        var packet = Self.packet(options: options)
        #expect(TCPMSSClamp.clamp(&packet, to: 1410, ipAt: 0))
        #expect(Self.mss(packet, at: offset) == 1410)
        let (ip, segment) = try IPv4Header.parse(packet)
        _ = try TCPHeader.parse(segment, source: ip.source, destination: ip.destination)   // checksum still right
    }

    @Test func leavesWhatItMustNotTouch() {
        // A smaller MSS, a segment that is no SYN, no MSS option, a malformed option list.
        for (options, flags) in [([2, 4, 0x05, 0x00] as [UInt8], TCPHeader.syn), ([2, 4, 0x05, 0xB4], TCPHeader.ack),
                                 ([1, 1, 1, 1], TCPHeader.syn), ([3, 0, 2, 4], TCPHeader.syn), ([3, 9, 2, 4], TCPHeader.syn)] {
            let original = Self.packet(options: options, flags: flags)
            var packet = original
            #expect(!TCPMSSClamp.clamp(&packet, to: 1300, ipAt: 0))
            #expect(packet == original)
        }
    }

    @Test func partialChecksumIsLeftForItsCompletion() throws {
        var packet = Self.packet(options: [2, 4, 0x05, 0xB4])
        let before = packet.getInteger(at: packet.readerIndex + 36, as: UInt16.self)
        #expect(TCPMSSClamp.clamp(&packet, to: 1000, ipAt: 0, checksumPartial: true))
        #expect(packet.getInteger(at: packet.readerIndex + 36, as: UInt16.self) == before)
    }
}
