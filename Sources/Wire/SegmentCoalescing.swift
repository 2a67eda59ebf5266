import NIOCore

/// Software GRO for a port that takes super-frames: consecutive finished IPv4 TCP segments of one
/// flow, or UDP datagrams of one 4-tuple, leaving by the same port become one super-frame (a TSO or
/// UDP GSO frame with a partial checksum) that the kernel or the NIC cuts again at the same
/// boundaries. What merges follows Linux's GRO rules: identical headers but for lengths, sequence
/// numbers and PSH; every segment but the last of one size, the last no larger.
public enum SegmentCoalescing {
    /// An IPv4 packet's largest total length.
    static let maximumPacket = 65535

    /// Appends `next` (a finished frame) to `head` (a finished frame, or a super-frame this made) when
    /// they continue one another; returns false, changing nothing, when they do not.
    public static func merge(_ next: ByteBuffer, into head: inout ByteBuffer, offload: inout FrameOffload) -> Bool {
        guard head.readableBytes >= 42, next.readableBytes >= 42,
              let n = FrameLayout(next), n.network == EthernetHeader.length, !n.isIPv6,
              n.transport == n.network + IPv4Header.minimumLength,
              let h = FrameLayout(head), h.network == n.network, !h.isIPv6, h.transport == n.transport, h.protocol == n.protocol,
              n.protocol == IPProtocol.tcp || n.protocol == IPProtocol.udp,
              let transportLength = n.transportHeaderLength(in: next), h.transportHeaderLength(in: head) == transportLength
        else { return false }
        let isTCP = n.protocol == IPProtocol.tcp
        let headIsSuper = offload.segmentation != nil
        guard headIsSuper ? offload.segmentation == (isTCP ? .tcpIPv4 : .udpL4) : offload.isResolved else { return false }
        let headers = n.transport + transportLength
        let payload = n.end - headers
        let headPayload = h.end - headers
        let size = headIsSuper ? offload.segmentSize : headPayload
        // The head's last segment is full, the next one no larger, and the whole still one IPv4 packet.
        guard payload > 0, size > 0, payload <= size, headPayload % size == 0,
              h.end - h.network + payload <= maximumPacket else { return false }
        // Same Ethernet header; same IPv4 TOS, flags (no fragment), TTL, protocol and addresses.
        guard sameBytes(head, next, 0, 14), head.wireU8(15) == next.wireU8(15), next.wireU16(20) & 0x3FFF == 0,
              head.wireU16(20) == next.wireU16(20), sameBytes(head, next, 22, 2), sameBytes(head, next, 26, 8) else { return false }
        if isTCP {
            let t = n.transport
            let headFlags = head.wireU8(t + 13), nextFlags = next.wireU8(t + 13)
            // Ports, ack and options alike; only ACK (PSH on the last) may be set; the bytes follow on.
            guard sameBytes(head, next, t, 4), sameBytes(head, next, t + 8, 4), sameBytes(head, next, t + 20, transportLength - 20),
                  headFlags == 0x10, nextFlags & ~0x08 == 0x10,
                  next.wireU32(t + 4) == head.wireU32(t + 4) &+ UInt32(headPayload) else { return false }
        } else {
            guard sameBytes(head, next, n.transport, 4) else { return false }
        }
        if !headIsSuper {
            // Room for a whole super-frame from the start, so the appends below never reallocate.
            var fresh = ByteBuffer.outgoing(capacity: n.network + maximumPacket)
            fresh.writeImmutableBuffer(head.wireSlice(0, h.end))
            head = fresh
            offload = FrameOffload(checksum: .init(start: n.transport, offset: isTCP ? 16 : 6),
                                   segmentation: isTCP ? .tcpIPv4 : .udpL4, segmentSize: size)
        } else if head.readableBytes > h.end {
            head.moveWriterIndex(to: head.readerIndex + h.end)
        }
        head.writeImmutableBuffer(next.wireSlice(headers, payload))
        let base = head.readerIndex
        let total = h.end - h.network + payload
        head.setInteger(UInt16(total), at: base + n.network + 2)
        head.setInteger(UInt16(0), at: base + n.network + 10)
        head.setInteger(SoftwareSegmentation.checksum(of: head, from: n.network, to: n.transport, initial: 0), at: base + n.network + 10)
        let transportTotal = total - (n.transport - n.network)
        if isTCP {
            let flags = next.wireU8(n.transport + 13)
            head.setInteger(flags, at: base + n.transport + 13)
            head.setInteger(next.wireU16(n.transport + 14), at: base + n.transport + 14)   // the newest window
        } else {
            head.setInteger(UInt16(transportTotal), at: base + n.transport + 4)
        }
        let pseudo = h.pseudoHeaderSum(in: head, transportLength: transportTotal)
        head.setInteger(UInt16(truncatingIfNeeded: pseudo), at: base + n.transport + (isTCP ? 16 : 6))
        return true
    }

    static func sameBytes(_ a: ByteBuffer, _ b: ByteBuffer, _ offset: Int, _ count: Int) -> Bool {
        a.withUnsafeReadableBytes { x in
            b.withUnsafeReadableBytes { y in
                for i in offset..<offset + count where x[i] != y[i] { return false }
                return true
            }
        }
    }
}
