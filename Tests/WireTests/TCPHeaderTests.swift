import NIOCore
import Testing
@testable import Wire

struct TCPHeaderTests {
    static let source = IPv4Address(10, 0, 0, 1)
    static let destination = IPv4Address(10, 0, 0, 2)
    /// SYN 40000 -> 80, seq 1, window 65535; checksum ff4e computed independently (Python) with the pseudo-header.
    static let syn = "9c40 0050 00000001 00000000 5002 ffff ff4e 0000"

    @Test func parsesKnownSYN() throws {
        let (header, payload) = try TCPHeader.parse(hexBuffer(Self.syn), source: Self.source, destination: Self.destination)
        #expect(header == TCPHeader(sourcePort: 40000, destinationPort: 80, sequence: 1, acknowledgment: 0, dataOffset: 20,
                                    flags: TCPHeader.syn, window: 0xFFFF, checksum: 0xFF4E, urgentPointer: 0))
        #expect(header.isSYN && !header.isACK && !header.isFIN && !header.isRST)
        #expect(payload.readableBytes == 0)
    }

    @Test func buildsKnownSYN() {
        let segment = TCPHeader.segment(sourcePort: 40000, destinationPort: 80, sequence: 1, acknowledgment: 0,
                                        flags: TCPHeader.syn, window: 0xFFFF, payload: ByteBuffer(),
                                        source: Self.source, destination: Self.destination)
        #expect(segment == hexBuffer(Self.syn))
    }

    @Test func optionsAreSkipped() throws {
        // SYN with MSS 1460 and two NOPs + window scale: data offset 8 words.
        var segment = hexBuffer("9c40 0050 00000001 00000000 8012 ffff 0000 0000 020405b4 01030307 01010402")
        segment.writeString("payload")
        let pseudo = InternetChecksum.pseudoHeaderSum(source: Self.source, destination: Self.destination,
                                                      protocol: IPProtocol.tcp, length: segment.readableBytes)
        segment.setInteger(InternetChecksum.checksum(segment, initial: pseudo), at: 16)
        let (header, payload) = try TCPHeader.parse(segment, source: Self.source, destination: Self.destination)
        #expect(header.dataOffset == 32)
        #expect(header.isSYN && header.isACK)
        #expect(payload == ByteBuffer(string: "payload"))
    }

    @Test func flagsRoundTrip() throws {
        for flags in [TCPHeader.fin | TCPHeader.ack, TCPHeader.rst, TCPHeader.psh | TCPHeader.ack | TCPHeader.urg] {
            let segment = TCPHeader.segment(sourcePort: 1, destinationPort: 2, sequence: 0xFFFF_FFFF, acknowledgment: 0x8000_0000,
                                            flags: flags, window: 512, urgentPointer: 3, payload: ByteBuffer(string: "x"),
                                            source: Self.source, destination: Self.destination)
            let (header, payload) = try TCPHeader.parse(segment, source: Self.source, destination: Self.destination)
            #expect(header.flags == flags)
            #expect(header.isFIN == (flags & TCPHeader.fin != 0) && header.isRST == (flags & TCPHeader.rst != 0))
            #expect(header.sequence == 0xFFFF_FFFF && header.acknowledgment == 0x8000_0000)
            #expect(header.window == 512 && header.urgentPointer == 3)
            #expect(payload == ByteBuffer(string: "x"))
        }
    }

    @Test func truncated() {
        #expect(throws: DropReason.tcpTruncated) {
            try TCPHeader.parse(hexBuffer(Self.syn).prefix(19), source: Self.source, destination: Self.destination)
        }
    }

    @Test func badHeaderLength() {
        for offset: UInt8 in [0x40, 0x00, 0x60, 0xF0] {  // 16 and 0 bytes: too small; 24 and 60: beyond the segment
            #expect(throws: DropReason.tcpBadHeaderLength) {
                try TCPHeader.parse(hexBuffer(Self.syn).setting(offset, at: 12), source: Self.source, destination: Self.destination)
            }
        }
    }

    @Test func badChecksum() {
        #expect(throws: DropReason.tcpBadChecksum) {
            try TCPHeader.parse(hexBuffer(Self.syn).setting(0x12, at: 13), source: Self.source, destination: Self.destination)
        }
        #expect(throws: DropReason.tcpBadChecksum) {
            try TCPHeader.parse(hexBuffer(Self.syn), source: Self.source, destination: IPv4Address(10, 0, 0, 3))
        }
    }
}
