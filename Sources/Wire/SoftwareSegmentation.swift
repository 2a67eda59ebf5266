import NIOCore

/// What a NIC does with a frame the kernel handed it unfinished, done in software: complete a
/// partial checksum, cut a TCP or UDP super-frame into wire-sized segments (Linux's
/// `skb_checksum_help` and `skb_gso_segment`). Each segment is a frame of its own with correct
/// lengths, IPv4 identification, TCP sequence number and flags, and checksums.
public enum SoftwareSegmentation {
    /// Segments one super-frame may become: 64 KiB in 536-byte TCP segments is 123.
    public static let maximumSegments = 256

    /// Hands `body` the frame as it goes on a wire: unchanged when nothing is left to do, with its
    /// checksum completed, or as segments of at most `maximumFrame` bytes each (the sender's segment
    /// size, or less so that an encapsulation fits the path MTU). `ipAt` 0: the buffer starts with the
    /// IP header rather than an Ethernet header (offload offsets count from there too).
    public static func resolve(_ frame: ByteBuffer, _ offload: FrameOffload, maximumFrame: Int = .max, ipAt: Int? = nil,
                               _ body: (ByteBuffer) -> Void) throws(DropReason) {
        if offload.segmentation != nil {
            return try segment(frame, offload, maximumFrame: maximumFrame, ipAt: ipAt, body)
        }
        guard let partial = offload.checksum else { return body(frame) }
        var frame = frame
        try completeChecksum(partial, in: &frame, ipAt: ipAt)
        body(frame)
    }

    /// Finishes a partial checksum in place: the one's-complement sum from its start to the end of
    /// the IP packet (the field holds the pseudo-header's sum), complemented into the field.
    public static func completeChecksum(_ partial: FrameOffload.PartialChecksum, in frame: inout ByteBuffer,
                                        ipAt: Int? = nil) throws(DropReason) {
        let end = FrameLayout(frame, ipAt: ipAt)?.end ?? frame.readableBytes
        let field = partial.start + partial.offset
        guard partial.start < end, field + 2 <= end else { throw .checksumOffloadBad }
        var checksum = checksum(of: frame, from: partial.start, to: end, initial: 0)
        if checksum == 0 { checksum = 0xFFFF }   // 0 would mean "no checksum" to UDP; the same value to TCP
        frame.setInteger(checksum, at: frame.readerIndex + field)
    }

    /// Cuts a TCP (IPv4, IPv6) or UDP (IPv4, IPv6) super-frame. The payload per segment is the frame's
    /// segment size, or less where `maximumFrame` asks; a frame already small enough still gets its checksums.
    public static func segment(_ frame: ByteBuffer, _ offload: FrameOffload, maximumFrame: Int = .max, ipAt: Int? = nil,
                               _ body: (ByteBuffer) -> Void) throws(DropReason) {
        guard let kind = offload.segmentation, let layout = FrameLayout(frame, ipAt: ipAt),
              layout.isIPv6 == (kind == .tcpIPv6) || kind == .udpL4,
              layout.protocol == (kind == .udpL4 ? IPProtocol.udp : IPProtocol.tcp),
              let transportLength = layout.transportHeaderLength(in: frame) else { throw .gsoUnsupported }
        let headers = layout.transport + transportLength
        let size = min(offload.segmentSize > 0 ? offload.segmentSize : Int.max, maximumFrame - headers)
        guard size > 0 else { throw .gsoUnsupported }
        // A tiny segment size on a 64 KiB frame (a hostile TAP peer) would turn one frame into thousands.
        guard (layout.end - headers) / size < maximumSegments else { throw .gsoTooManySegments }
        let payload = layout.end - headers
        let isTCP = kind != .udpL4
        let identification = layout.isIPv6 ? 0 : frame.wireU16(layout.network + 4)
        let sequence = isTCP ? frame.wireU32(layout.transport + 4) : 0
        var offset = 0, index = 0
        repeat {
            let length = min(size, payload - offset)
            let first = offset == 0, last = offset + length == payload
            var segment = ByteBuffer.outgoing(capacity: headers + length)
            segment.writeImmutableBuffer(frame.wireSlice(0, headers))
            segment.writeImmutableBuffer(frame.wireSlice(headers + offset, length))
            let base = segment.readerIndex
            let ipLength = layout.transport - layout.network + transportLength + length
            if layout.isIPv6 {
                segment.setInteger(UInt16(ipLength - 40), at: base + layout.network + 4)
            } else {
                segment.setInteger(UInt16(truncatingIfNeeded: ipLength), at: base + layout.network + 2)
                segment.setInteger(identification &+ UInt16(truncatingIfNeeded: index), at: base + layout.network + 4)
                segment.setInteger(UInt16(0), at: base + layout.network + 10)
                let headerChecksum = checksum(of: segment, from: layout.network, to: layout.transport, initial: 0)
                segment.setInteger(headerChecksum, at: base + layout.network + 10)
            }
            let checksumField: Int
            if isTCP {
                segment.setInteger(sequence &+ UInt32(truncatingIfNeeded: offset), at: base + layout.transport + 4)
                var flags = frame.wireU8(layout.transport + 13)
                if !last { flags &= ~(0x01 | 0x08) }   // FIN and PSH end the super-frame only
                if !first { flags &= ~0x80 }           // CWR starts it only
                segment.setInteger(flags, at: base + layout.transport + 13)
                checksumField = layout.transport + 16
            } else {
                segment.setInteger(UInt16(truncatingIfNeeded: UDPHeader.length + length), at: base + layout.transport + 4)
                checksumField = layout.transport + 6
            }
            segment.setInteger(UInt16(0), at: base + checksumField)
            let pseudo = layout.pseudoHeaderSum(in: segment, transportLength: transportLength + length)
            var transportChecksum = checksum(of: segment, from: layout.transport, to: headers + length, initial: pseudo)
            if transportChecksum == 0, !isTCP { transportChecksum = 0xFFFF }
            segment.setInteger(transportChecksum, at: base + checksumField)
            body(segment)
            offset += length
            index += 1
        } while offset < payload
    }

    /// The Internet checksum of the readable bytes `from..<to`, summed in place.
    static func checksum(of buffer: ByteBuffer, from: Int, to: Int, initial: UInt32) -> UInt16 {
        buffer.withUnsafeReadableBytes { InternetChecksum.checksum(UnsafeRawBufferPointer(rebasing: $0[from..<to]), initial: initial) }
    }
}
