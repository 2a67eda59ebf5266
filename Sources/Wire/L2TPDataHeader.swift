import NIOCore

/// The L2TPv3-over-UDP data header as RTX negotiates it (RFC 3931 4.1.2.1, no cookie, no L2-Specific Sublayer):
/// `00 03 00 00 | Session ID`, then the Ethernet frame.
public enum L2TPDataHeader {
    public static let length = 8

    public static func write(sessionID: UInt32, to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt32(0x0003_0000))  // T = 0, Ver = 3, Reserved
        buffer.writeInteger(sessionID)
    }
}

extension L2TPDataHeader {
    /// Prepends the header to the frame at the buffer's reader index, into its headroom.
    public static func prepend(sessionID: UInt32, to buffer: inout ByteBuffer) {
        let at = buffer.claimHeadroom(length)
        buffer.setInteger(UInt32(0x0003_0000), at: at)
        buffer.setInteger(sessionID, at: at + 4)
    }
}
