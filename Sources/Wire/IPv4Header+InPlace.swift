import NIOCore

// Edits to a packet held in a ByteBuffer at its readerIndex, for forwarding and NAT: the header
// checksum is updated incrementally (RFC 1624) rather than recomputed. A buffer shorter than an
// IPv4 header is left alone (callers have parsed it already).
extension IPv4Header {
    /// Decrements the TTL (not below 0) and patches the header checksum. Returns the new TTL.
    @discardableResult
    public static func decrementTTL(in packet: inout ByteBuffer) -> UInt8 {
        let base = packet.readerIndex
        guard packet.readableBytes >= minimumLength,
              let ttlAndProtocol = packet.getInteger(at: base + 8, as: UInt16.self),
              let checksum = packet.getInteger(at: base + 10, as: UInt16.self)
        else { return 0 }
        let ttl = UInt8(ttlAndProtocol >> 8)
        guard ttl > 0 else { return 0 }
        let updated = ttlAndProtocol &- 0x0100
        packet.setInteger(updated, at: base + 8)
        packet.setInteger(InternetChecksum.update(checksum, old: ttlAndProtocol, new: updated), at: base + 10)
        return ttl - 1
    }

    /// Rewrites the source address (source NAT) and patches the header checksum.
    /// The TCP/UDP checksum covers the address too (pseudo-header); the caller patches it with `InternetChecksum.update`.
    public static func setSource(_ address: IPv4Address, in packet: inout ByteBuffer) {
        setAddress(address, at: 12, in: &packet)
    }

    /// Rewrites the destination address (destination NAT) and patches the header checksum.
    public static func setDestination(_ address: IPv4Address, in packet: inout ByteBuffer) {
        setAddress(address, at: 16, in: &packet)
    }

    private static func setAddress(_ address: IPv4Address, at offset: Int, in packet: inout ByteBuffer) {
        let base = packet.readerIndex
        guard packet.readableBytes >= minimumLength,
              let old = packet.getInteger(at: base + offset, as: UInt32.self),
              let checksum = packet.getInteger(at: base + 10, as: UInt16.self)
        else { return }
        packet.setInteger(address.value, at: base + offset)
        packet.setInteger(InternetChecksum.update(checksum, old: old, new: address.value), at: base + 10)
    }
}
