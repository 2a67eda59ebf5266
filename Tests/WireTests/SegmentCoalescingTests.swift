import NIOCore
import OracleSupport
import Testing
@testable import Wire

struct SegmentCoalescingTests {
    /// Finished TCP segments of one flow, `size` bytes each, cut from one super-frame by the segmenter.
    static func segments(payload: Int, size: Int, flags: UInt8 = 0, push: Bool = true, after: Int = 0) throws -> [ByteBuffer] {
        let (frame, offload) = OffloadFrames.tcp(payloadLength: payload, segmentSize: size, flags: flags, push: push,
                                                 sequence: 0xFFFF_F000 &+ UInt32(after))
        var out: [ByteBuffer] = []
        try SoftwareSegmentation.resolve(frame, offload) { out.append($0) }
        return out
    }

    static func coalesce(_ frames: [ByteBuffer]) -> [(ByteBuffer, FrameOffload)] {
        var queue: [(ByteBuffer, FrameOffload)] = []
        for frame in frames {
            if var last = queue.popLast() {
                if SegmentCoalescing.merge(frame, into: &last.0, offload: &last.1) {
                    queue.append(last)
                    continue
                }
                queue.append(last)
            }
            queue.append((frame, .none))
        }
        return queue
    }

    @Test func tcpSegmentsBecomeOneSuperFrameThatCutsBackTheSame() throws {
        // Cut with PSH only on the last (the segmenter's rule), then merged, then cut again: the same bytes.
        let original = try Self.segments(payload: 20_000, size: 1448)
        let merged = Self.coalesce(original)
        #expect(merged.count == 1)
        let (frame, offload) = try #require(merged.first)
        #expect(offload.segmentation == .tcpIPv4 && offload.segmentSize == 1448 && offload.checksum == .init(start: 34, offset: 16))
        var again: [ByteBuffer] = []
        try SoftwareSegmentation.resolve(frame, offload) { again.append($0) }
        #expect(again == original)
    }

    @Test func udpDatagramsMergeUntilAShortOne() throws {
        let (frame, offload) = OffloadFrames.udp(count: 4, size: 700, last: 300)
        var datagrams: [ByteBuffer] = []
        try SoftwareSegmentation.resolve(frame, offload) { datagrams.append($0) }
        // A full-size datagram after the short one starts a new super-frame.
        datagrams.append(datagrams[0])
        let merged = Self.coalesce(datagrams)
        #expect(merged.count == 2)
        #expect(merged[0].1.segmentation == .udpL4 && merged[0].1.segmentSize == 700)
        var again: [ByteBuffer] = []
        try SoftwareSegmentation.resolve(merged[0].0, merged[0].1) { again.append($0) }
        #expect(again == Array(datagrams.prefix(4)))
    }

    @Test func whatMustNotMergeStaysApart() throws {
        let segments = try Self.segments(payload: 4344, size: 1448)
        // A gap in the sequence, a reordered pair, a different flow, a PSH in the middle.
        #expect(Self.coalesce([segments[0], segments[2]]).count == 2)
        #expect(Self.coalesce([segments[1], segments[0]]).count == 2)
        let (other, otherOffload) = OffloadFrames.tcp(payloadLength: 1448, segmentSize: 1448, source: IPv4Address(192, 168, 100, 11))
        var otherSegments: [ByteBuffer] = []
        try SoftwareSegmentation.resolve(other, otherOffload) { otherSegments.append($0) }
        #expect(Self.coalesce([segments[0], otherSegments[0]]).count == 2)
        let pushed = try Self.segments(payload: 2896, size: 1448, flags: 0)   // PSH ends the first super-frame here
        #expect(Self.coalesce(pushed + [segments[2]]).count == 2)
        // A larger segment after a smaller one.
        let small = try Self.segments(payload: 1000, size: 1000)
        let (larger, partial) = OffloadFrames.tcp(payloadLength: 1448, segmentSize: nil, sequence: 0xFFFF_F000 &+ 1000)
        var next = larger
        try SoftwareSegmentation.completeChecksum(try #require(partial.checksum), in: &next)
        #expect(Self.coalesce(small + [next]).count == 2)
    }

    @Test func stopsBeforeTheIPv4LengthOverflows() throws {
        // 50 segments from two super-frames that follow on (one IPv4 packet holds 45).
        let segments = try Self.segments(payload: 1448 * 40, size: 1448, push: false)
            + Self.segments(payload: 1448 * 10, size: 1448, after: 1448 * 40)
        let merged = Self.coalesce(segments)
        #expect(merged.count == 2)
        #expect(merged[0].0.readableBytes == 14 + 20 + 32 + 45 * 1448, "45 segments fit one IPv4 packet, 46 do not")
        for (frame, _) in merged { #expect(frame.readableBytes - 14 <= 65535) }
    }
}
