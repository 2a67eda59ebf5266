import NIOCore

/// A UDP header (RFC 768).
public struct UDPHeader: Hashable, Sendable {
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    /// Header plus payload, in bytes.
    public var length: UInt16
    /// 0 means the sender computed none.
    public var checksum: UInt16

    public static let length = 8

    public init(sourcePort: UInt16, destinationPort: UInt16, length: UInt16, checksum: UInt16 = 0) {
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.length = length
        self.checksum = checksum
    }

    /// Checks length against the segment and the checksum (0 = none) with the pseudo-header. Returns header and payload slice.
    /// Bytes after `length` (allowed by RFC 768, unlikely in practice) are not part of the payload.
    public static func parse(_ segment: ByteBuffer, source: IPv4Address, destination: IPv4Address) throws(DropReason) -> (header: UDPHeader, payload: ByteBuffer) {
        let (header, payload) = try parse(segment)
        if header.checksum != 0 {
            let datagramLength = Int(header.length)
            let pseudo = InternetChecksum.pseudoHeaderSum(source: source, destination: destination,
                                                          protocol: IPProtocol.udp, length: datagramLength)
            guard InternetChecksum.checksum(segment.wireSlice(0, datagramLength), initial: pseudo) == 0 else { throw .udpBadChecksum }
        }
        return (header, payload)
    }

    /// Checks the length only: for a datagram whose checksum no longer matches its outer addresses (transport-mode
    /// ESP through a NAT, where the ICV vouches for it instead) or that is only being looked at.
    public static func parse(_ segment: ByteBuffer) throws(DropReason) -> (header: UDPHeader, payload: ByteBuffer) {
        guard segment.readableBytes >= length else { throw .udpTruncated }
        let header = UDPHeader(sourcePort: segment.wireU16(0), destinationPort: segment.wireU16(2),
                               length: segment.wireU16(4), checksum: segment.wireU16(6))
        let datagramLength = Int(header.length)
        guard datagramLength >= length, datagramLength <= segment.readableBytes else { throw .udpBadLength }
        return (header, segment.wireSlice(length, datagramLength - length))
    }

    /// A whole UDP datagram (header + payload) with the checksum computed (0 written as 0xFFFF).
    public static func datagram(sourcePort: UInt16, destinationPort: UInt16, payload: ByteBuffer,
                                source: IPv4Address, destination: IPv4Address) -> ByteBuffer {
        let total = length + payload.readableBytes
        var datagram = ByteBufferAllocator().buffer(capacity: total)
        datagram.writeInteger(sourcePort)
        datagram.writeInteger(destinationPort)
        datagram.writeInteger(UInt16(truncatingIfNeeded: total))
        datagram.writeInteger(UInt16(0))
        datagram.writeImmutableBuffer(payload)
        let pseudo = InternetChecksum.pseudoHeaderSum(source: source, destination: destination,
                                                      protocol: IPProtocol.udp, length: total)
        let checksum = InternetChecksum.checksum(datagram, initial: pseudo)
        // 0 on the wire means "no checksum"; its one's-complement twin 0xFFFF carries the same value.
        datagram.setInteger(checksum == 0 ? 0xFFFF : checksum, at: datagram.readerIndex + 6)
        return datagram
    }

    /// Prepends a UDP header to the payload already in `buffer` (its readable bytes), with the checksum,
    /// or with none (0) where something else protects the datagram (ESP's ICV).
    public static func prepend(sourcePort: UInt16, destinationPort: UInt16, source: IPv4Address, destination: IPv4Address,
                               checksummed: Bool = true, to buffer: inout ByteBuffer) {
        let total = length + buffer.readableBytes
        let at = buffer.claimHeadroom(length)
        buffer.setInteger(sourcePort, at: at)
        buffer.setInteger(destinationPort, at: at + 2)
        buffer.setInteger(UInt16(truncatingIfNeeded: total), at: at + 4)
        buffer.setInteger(UInt16(0), at: at + 6)
        guard checksummed else { return }
        let pseudo = InternetChecksum.pseudoHeaderSum(source: source, destination: destination, protocol: IPProtocol.udp, length: total)
        let checksum = InternetChecksum.checksum(buffer, initial: pseudo)
        buffer.setInteger(checksum == 0 ? 0xFFFF : checksum, at: at + 6)
    }
}
