import NIOCore

/// Either kind of L2TPv3-over-UDP packet (RFC 3931 4.1.2.1): the T bit selects a control message, else a data
/// packet with the 8-byte header of `L2TPDataHeader` (no cookie, no L2-Specific Sublayer) before the Ethernet frame.
public enum L2TPPacket: Sendable {
    case control(L2TPControlMessage)
    /// `payload` is a slice of the received buffer (no copy).
    case data(sessionID: UInt32, payload: ByteBuffer)

    public static func parse(_ udpPayload: ByteBuffer) throws(DropReason) -> L2TPPacket {
        guard udpPayload.readableBytes >= 2 else { throw .l2tpTruncated }
        let flags = udpPayload.wireU16(0)
        if flags & 0x8000 != 0 { return .control(try L2TPControlMessage.parse(udpPayload)) }
        guard udpPayload.readableBytes >= L2TPDataHeader.length else { throw .l2tpTruncated }
        guard flags & 0x000F == 3 else { throw .l2tpBadVersion }
        let sessionID = udpPayload.wireU32(4)
        guard sessionID != 0 else { throw .l2tpDataSessionZero }
        return .data(sessionID: sessionID,
                     payload: udpPayload.wireSlice(L2TPDataHeader.length, udpPayload.readableBytes - L2TPDataHeader.length))
    }
}
