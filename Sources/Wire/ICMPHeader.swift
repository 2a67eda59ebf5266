import NIOCore

/// An ICMP header (RFC 792): type, code, checksum and the type-specific 4 bytes.
public struct ICMPHeader: Hashable, Sendable {
    public var type: UInt8
    public var code: UInt8
    public var checksum: UInt16
    /// Type-specific: identifier and sequence for echo, unused (or next-hop MTU) for errors.
    public var restOfHeader: UInt32

    public static let length = 8

    public static let echoReply: UInt8 = 0
    public static let destinationUnreachable: UInt8 = 3
    public static let echoRequest: UInt8 = 8
    public static let timeExceeded: UInt8 = 11

    public init(type: UInt8, code: UInt8, checksum: UInt16 = 0, restOfHeader: UInt32 = 0) {
        self.type = type
        self.code = code
        self.checksum = checksum
        self.restOfHeader = restOfHeader
    }

    /// Echo: high 16 bits of restOfHeader.
    public var identifier: UInt16 {
        get { UInt16(truncatingIfNeeded: restOfHeader >> 16) }
        set { restOfHeader = UInt32(newValue) << 16 | restOfHeader & 0xFFFF }
    }

    /// Echo: low 16 bits of restOfHeader.
    public var sequence: UInt16 {
        get { UInt16(truncatingIfNeeded: restOfHeader) }
        set { restOfHeader = restOfHeader & 0xFFFF_0000 | UInt32(newValue) }
    }

    /// Verifies the checksum over the whole message. Returns header and the data after the 8-byte header.
    public static func parse(_ message: ByteBuffer) throws(DropReason) -> (header: ICMPHeader, data: ByteBuffer) {
        guard message.readableBytes >= length else { throw .icmpTruncated }
        guard InternetChecksum.checksum(message) == 0 else { throw .icmpBadChecksum }
        let header = ICMPHeader(type: message.wireU8(0), code: message.wireU8(1),
                                checksum: message.wireU16(2), restOfHeader: message.wireU32(4))
        return (header, message.wireSlice(length, message.readableBytes - length))
    }

    /// A whole ICMP message with the checksum computed.
    public static func message(type: UInt8, code: UInt8, restOfHeader: UInt32, data: ByteBuffer) -> ByteBuffer {
        var message = ByteBufferAllocator().buffer(capacity: length + data.readableBytes)
        message.writeInteger(type)
        message.writeInteger(code)
        message.writeInteger(UInt16(0))
        message.writeInteger(restOfHeader)
        message.writeImmutableBuffer(data)
        message.setInteger(InternetChecksum.checksum(message), at: message.readerIndex + 2)
        return message
    }

    /// The data of an ICMP error: the offending packet's IP header and the first 8 bytes of its payload (RFC 792).
    /// Never reads past the packet's total length (so no Ethernet padding) nor past the buffer.
    public static func errorData(quoting packet: ByteBuffer) -> ByteBuffer {
        let available = packet.readableBytes
        guard available >= IPv4Header.minimumLength else { return packet }
        let headerLength = max(Int(packet.wireU8(0) & 0x0F) * 4, IPv4Header.minimumLength)
        let totalLength = Int(packet.wireU16(2))
        let quoted = min(headerLength + 8, available, max(totalLength, headerLength))
        return packet.wireSlice(0, quoted)
    }
}
