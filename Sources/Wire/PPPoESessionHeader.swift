import NIOCore

/// The data path's view of a PPPoE Session stage frame (RFC 2516 6): the 6-byte PPPoE header with code 0,
/// then the 2-byte PPP protocol field (no protocol-field compression: it is never negotiated over PPPoE here).
public enum PPPoESessionHeader {
    /// PPPoE header plus PPP protocol field.
    public static let length = PPPoEHeader.length + 2

    /// Writes both headers in front of the PPP information field at the reader index, into the buffer's
    /// headroom (no allocation when the headroom is there). LENGTH covers the protocol field and the body.
    public static func prepend(sessionID: UInt16, protocol: UInt16, to buffer: inout ByteBuffer) {
        let bodyLength = buffer.readableBytes
        let at = buffer.claimHeadroom(length)
        buffer.setInteger(PPPoEHeader.versionAndType, at: at)
        buffer.setInteger(PPPoECode.session.rawValue, at: at + 1)
        buffer.setInteger(sessionID, at: at + 2)
        buffer.setInteger(UInt16(truncatingIfNeeded: bodyLength + 2), at: at + 4)
        buffer.setInteger(`protocol`, at: at + 6)
    }

    /// `payload` = the bytes after the Ethernet header. `body` is the PPP information field as a slice (no copy),
    /// cut to LENGTH so that Ethernet padding stays out.
    public static func parse(_ payload: ByteBuffer) throws(DropReason) -> (sessionID: UInt16, protocol: UInt16, body: ByteBuffer) {
        guard payload.readableBytes >= PPPoEHeader.length else { throw .pppoeTruncated }
        guard payload.wireU8(0) == PPPoEHeader.versionAndType else { throw .pppoeBadVersion }
        guard payload.wireU8(1) == PPPoECode.session.rawValue else { throw .pppoeBadCode }
        let pppLength = Int(payload.wireU16(4))
        guard pppLength <= payload.readableBytes - PPPoEHeader.length else { throw .pppoeBadLength }
        guard pppLength >= 2 else { throw .pppoeTruncated }
        return (payload.wireU16(2), payload.wireU16(6), payload.wireSlice(length, pppLength - 2))
    }
}
