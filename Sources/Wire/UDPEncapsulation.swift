import NIOCore

/// RFC 3948 UDP encapsulation of ESP (NAT traversal): on port 4500 one socket carries ESP, IKE
/// behind a 4-byte zero non-ESP marker (an SPI is never 0), and one-byte NAT-keepalives.
public enum UDPEncapsulation {
    public static let port: UInt16 = 4500
    public static let nonESPMarkerLength = 4
    /// The NAT-keepalive payload (RFC 3948 2.3).
    public static let keepaliveByte: UInt8 = 0xFF

    /// What a UDP payload on port 4500 carries; the slices share the datagram's storage.
    public enum Content: Equatable, Sendable {
        case keepalive
        /// The ISAKMP message after the non-ESP marker.
        case ike(ByteBuffer)
        /// The ESP packet, from its SPI on.
        case esp(ByteBuffer)
    }

    public static func classify(_ payload: ByteBuffer) throws(DropReason) -> Content {
        if payload.readableBytes == 1 && payload.wireU8(0) == keepaliveByte { return .keepalive }
        guard payload.readableBytes >= nonESPMarkerLength else { throw .espTruncated }
        if payload.wireU32(0) == 0 {
            return .ike(payload.wireSlice(nonESPMarkerLength, payload.readableBytes - nonESPMarkerLength))
        }
        guard payload.readableBytes >= ESPHeader.length else { throw .espTruncated }
        return .esp(payload)
    }

    /// Prepends the non-ESP marker to an ISAKMP message bound for port 4500.
    public static func prependNonESPMarker(to message: inout ByteBuffer) {
        let at = message.claimHeadroom(nonESPMarkerLength)
        message.setInteger(UInt32(0), at: at)
    }

    /// A NAT-keepalive datagram payload.
    public static func keepalive() -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: 1)
        buffer.writeInteger(keepaliveByte)
        return buffer
    }
}
