import NIOCore
import OracleSupport
import Testing
@testable import Wire

struct SoftwareSegmentationTests {
    static func cut(_ frame: ByteBuffer, _ offload: FrameOffload, maximumFrame: Int = .max) throws -> [ByteBuffer] {
        var segments: [ByteBuffer] = []
        try SoftwareSegmentation.resolve(frame, offload, maximumFrame: maximumFrame) { segments.append($0) }
        return segments
    }

    @Test func tsoSuperFrameBecomesWireSegments() throws {
        let (frame, offload) = OffloadFrames.tcp(payloadLength: 10_000, segmentSize: 1448, flags: 0x01)   // FIN on the super-frame
        let segments = try Self.cut(frame, offload)
        #expect(segments.count == 7)   // 6 x 1448 + 1312
        var joined = ByteBuffer()
        for (index, segment) in segments.enumerated() {
            let (ip, tcp, payload) = try OffloadFrames.tcpSegment(segment)
            let last = index == segments.count - 1
            #expect(payload.readableBytes == (last ? 10_000 - 6 * 1448 : 1448))
            #expect(segment.readableBytes <= 14 + 20 + 32 + 1448)
            #expect(ip.identification == 0xFFFE &+ UInt16(index), "IDs count up from the super-frame's, wrapping")
            #expect(ip.dontFragment)
            #expect(tcp.sequence == 0xFFFF_F000 &+ UInt32(index * 1448), "sequence numbers wrap")
            #expect(tcp.isFIN == last && (tcp.flags & TCPHeader.psh != 0) == last, "FIN and PSH on the last segment only")
            #expect(tcp.isACK && tcp.dataOffset == 32)
            joined.writeImmutableBuffer(payload)
        }
        #expect(joined == OffloadFrames.payload(10_000))
    }

    @Test func maximumFrameCutsSmallerThanTheSender() throws {
        let (frame, offload) = OffloadFrames.tcp(payloadLength: 4000, segmentSize: 1448)
        let segments = try Self.cut(frame, offload, maximumFrame: 1464)
        #expect(segments.map(\.readableBytes) == [1464, 1464, 14 + 52 + 4000 - 2 * 1398])
        for segment in segments { _ = try OffloadFrames.tcpSegment(segment) }
    }

    @Test func cwrStaysOnTheFirstSegment() throws {
        let (frame, offload) = OffloadFrames.tcp(payloadLength: 3000, segmentSize: 1000, flags: 0x80)
        let flags = try Self.cut(frame, offload).map { try OffloadFrames.tcpSegment($0).1.flags & 0x80 }
        #expect(flags == [0x80, 0, 0])
    }

    @Test func partialChecksumIsCompleted() throws {
        let (frame, offload) = OffloadFrames.tcp(payloadLength: 333, segmentSize: nil)
        #expect(throws: DropReason.tcpBadChecksum) { try OffloadFrames.tcpSegment(frame) }
        let finished = try Self.cut(frame, offload)
        #expect(finished.count == 1)
        let (_, _, payload) = try OffloadFrames.tcpSegment(finished[0])
        #expect(payload == OffloadFrames.payload(333))
    }

    @Test func completionStopsAtTheIPPacketNotThePadding() throws {
        // A bare ACK is 54 bytes; a port pads it to 60 with bytes the checksum must not cover.
        var (frame, offload) = OffloadFrames.tcp(payloadLength: 0, segmentSize: nil)
        frame.writeBytes([0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF])
        let finished = try Self.cut(frame, offload)
        _ = try OffloadFrames.tcpSegment(finished[0])
    }

    @Test func udpGSOBecomesDatagrams() throws {
        let (frame, offload) = OffloadFrames.udp(count: 3, size: 1000, last: 17)
        let datagrams = try Self.cut(frame, offload)
        #expect(datagrams.count == 3)
        var joined = ByteBuffer()
        for (index, frame) in datagrams.enumerated() {
            let (_, packet) = try EthernetHeader.parse(frame)
            let (ip, segment) = try IPv4Header.parse(packet)
            let (udp, payload) = try UDPHeader.parse(segment, source: ip.source, destination: ip.destination)
            #expect(udp.checksum != 0)
            #expect(Int(udp.length) == 8 + (index == 2 ? 17 : 1000))
            #expect(ip.identification == 7 + UInt16(index))
            joined.writeImmutableBuffer(payload)
        }
        #expect(joined == OffloadFrames.payload(2017))
    }

    @Test func ipv6SuperFrame() throws {
        let (frame, offload) = OffloadFrames.tcp6(payloadLength: 2500, segmentSize: 1200)
        let segments = try Self.cut(frame, offload)
        #expect(segments.map(\.readableBytes) == [54 + 20 + 1200, 54 + 20 + 1200, 54 + 20 + 100])
        for (index, segment) in segments.enumerated() {
            let layout = try #require(FrameLayout(segment))
            #expect(layout.isIPv6 && layout.end == segment.readableBytes)
            let pseudo = layout.pseudoHeaderSum(in: segment, transportLength: layout.end - layout.transport)
            let base = segment.readerIndex
            #expect(InternetChecksum.checksum(segment.getSlice(at: base + layout.transport, length: layout.end - layout.transport)!,
                                              initial: pseudo) == 0)
            #expect(segment.getInteger(at: base + layout.transport + 4, as: UInt32.self) == 1 + UInt32(index * 1200))
        }
    }

    @Test func resegmentationCutsAnOversizeSegment() throws {
        let (frame, partial) = OffloadFrames.tcp(payloadLength: 1448, segmentSize: nil)
        let finished = try Self.cut(frame, partial)[0]
        let offload = try #require(FrameOffload.tcpResegmentation(of: finished))
        let pieces = try Self.cut(finished, offload, maximumFrame: 1464)
        #expect(pieces.count == 2)
        var joined = ByteBuffer()
        for piece in pieces { joined.writeImmutableBuffer(try OffloadFrames.tcpSegment(piece).2) }
        #expect(joined == OffloadFrames.payload(1448))
        let (udp, _) = OffloadFrames.udp(count: 1, size: 100, last: 100)
        #expect(FrameOffload.tcpResegmentation(of: udp) == nil)
    }

    @Test func hostileOffloadsAreRefusedNotTrusted() {
        let (frame, _) = OffloadFrames.tcp(payloadLength: 100, segmentSize: nil)
        #expect(throws: DropReason.checksumOffloadBad) {
            try Self.cut(frame, FrameOffload(checksum: .init(start: 60_000, offset: 16)))
        }
        #expect(throws: DropReason.checksumOffloadBad) {
            try Self.cut(frame, FrameOffload(checksum: .init(start: 34, offset: 60_000)))
        }
        // A TCP super-frame that is UDP, a segment size of 0, a frame that is no IP at all.
        let (udp, _) = OffloadFrames.udp(count: 2, size: 100, last: 100)
        #expect(throws: DropReason.gsoUnsupported) { try Self.cut(udp, FrameOffload(segmentation: .tcpIPv4, segmentSize: 100)) }
        #expect(throws: DropReason.gsoUnsupported) {
            try Self.cut(frame, FrameOffload(segmentation: .tcpIPv4, segmentSize: 1), maximumFrame: 40)
        }
        #expect(throws: DropReason.gsoUnsupported) {
            try Self.cut(ByteBuffer(repeating: 0, count: 64), FrameOffload(segmentation: .tcpIPv4, segmentSize: 100))
        }
        // 60,000 bytes in 8-byte segments: refused rather than cut 7,500 ways.
        let (large, _) = OffloadFrames.tcp(payloadLength: 60_000, segmentSize: nil)
        #expect(throws: DropReason.gsoTooManySegments) { try Self.cut(large, FrameOffload(segmentation: .tcpIPv4, segmentSize: 8)) }
        #expect((try? Self.cut(large, FrameOffload(segmentation: .tcpIPv4, segmentSize: 536)))?.count == 112)
    }
}

struct VirtioNetHeaderTests {
    /// What Linux 6.x wrote before a TSO frame on a veth: NEEDS_CSUM, TCPV4, hdr_len 66, gso_size 1448,
    /// csum_start 34, csum_offset 16 (little-endian).
    static let tso: [UInt8] = [0x01, 0x01, 0x42, 0x00, 0xA8, 0x05, 0x22, 0x00, 0x10, 0x00]

    @Test func readsAKernelHeader() throws {
        let offload = try Self.tso.withUnsafeBytes { bytes throws(DropReason) in try VirtioNetHeader.parse(bytes) }
        #expect(offload == FrameOffload(checksum: .init(start: 34, offset: 16), segmentation: .tcpIPv4, segmentSize: 1448))
        var written = [UInt8](repeating: 0xEE, count: 10)
        written.withUnsafeMutableBytes { VirtioNetHeader.write(offload, headerLength: 66, to: $0) }
        #expect(written == Self.tso)
    }

    @Test func ecnBitAndDataValid() throws {
        let offload = try [UInt8]([0x02, 0x81, 0, 0, 0xDC, 0x05, 0, 0, 0, 0]).withUnsafeBytes { bytes throws(DropReason) in
            try VirtioNetHeader.parse(bytes)
        }
        #expect(offload.checksumVerified && offload.checksum == nil && offload.segmentation == .tcpIPv4 && offload.segmentSize == 1500)
    }

    @Test func plainFrameHeaderIsZero() {
        var written = [UInt8](repeating: 0xEE, count: 10)
        written.withUnsafeMutableBytes { VirtioNetHeader.write(.none, headerLength: 0, to: $0) }
        #expect(written == Array(repeating: 0, count: 10))
    }

    @Test func refusesShortAndUnknown() {
        #expect(throws: DropReason.virtioHeaderTruncated) {
            try [UInt8](repeating: 0, count: 9).withUnsafeBytes { bytes throws(DropReason) in try VirtioNetHeader.parse(bytes) }
        }
        #expect(throws: DropReason.gsoUnsupported) {
            try [UInt8]([0, 3, 0, 0, 0, 0, 0, 0, 0, 0]).withUnsafeBytes { bytes throws(DropReason) in try VirtioNetHeader.parse(bytes) }
        }
    }
}
