import NIOCore

/// Outgoing packets are built back to front: the payload first, each header prepended into room
/// left before it, so a frame leaves in the buffer it was started in.
extension ByteBuffer {
    /// Room every outgoing packet is started with: Ethernet + a PPPoE session header + IPv4 + UDP + an
    /// L2TPv3 data header (a bridged frame leaving by L2TPv3 over pp gets all five).
    public static let outgoingHeadroom = 14 + 8 + 20 + 8 + 8

    /// An empty buffer for a payload of `capacity` bytes with headroom for the headers before it.
    public static func outgoing(capacity: Int) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: outgoingHeadroom + max(capacity, 60))
        buffer.moveWriterIndex(to: outgoingHeadroom)
        buffer.moveReaderIndex(to: outgoingHeadroom)
        return buffer
    }

    /// Makes sure `count` bytes of headroom are there (moving the readable bytes once, rather than once
    /// per header, when several headers go in front).
    public mutating func reserveHeadroom(_ count: Int) {
        guard readerIndex < count else { return }
        var fresh = ByteBuffer.outgoing(capacity: readableBytes)
        fresh.writeImmutableBuffer(self)
        self = fresh
    }

    /// Moves the reader index back `count` bytes for a header and returns where it starts. Without
    /// enough headroom the readable bytes move to a new buffer that has it.
    public mutating func claimHeadroom(_ count: Int) -> Int {
        reserveHeadroom(count)
        moveReaderIndex(to: readerIndex - count)
        return readerIndex
    }
}

extension ByteBuffer {
    /// The readable bytes in a buffer of their own size. A packet read from a port is a slice of a
    /// 64 KiB receive buffer; what a table holds for seconds (a fragment, a packet waiting for ARP)
    /// must not keep that whole buffer alive, or a flood of small packets costs 64 KiB each.
    public func compacted() -> ByteBuffer {
        guard storageCapacity > readableBytes + ByteBuffer.outgoingHeadroom else { return self }
        var copy = ByteBufferAllocator().buffer(capacity: readableBytes)
        copy.writeImmutableBuffer(self)
        return copy
    }
}
