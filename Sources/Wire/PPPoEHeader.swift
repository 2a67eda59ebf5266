import NIOCore

/// The 6-byte PPPoE header (RFC 2516 4): VER 1 / TYPE 1 (0x11), CODE, SESSION_ID, LENGTH of the payload after it.
public struct PPPoEHeader: Hashable, Sendable {
    public var code: PPPoECode
    public var sessionID: UInt16
    public var length: UInt16

    public static let length = 6
    static let versionAndType: UInt8 = 0x11

    public init(code: PPPoECode, sessionID: UInt16, length: UInt16) {
        self.code = code
        self.sessionID = sessionID
        self.length = length
    }

    /// Header and the payload slice it covers (no copy); Ethernet padding after LENGTH is cut off.
    public static func parse(_ payload: ByteBuffer) throws(DropReason) -> (header: PPPoEHeader, body: ByteBuffer) {
        guard payload.readableBytes >= length else { throw .pppoeTruncated }
        guard payload.wireU8(0) == versionAndType else { throw .pppoeBadVersion }
        guard let code = PPPoECode(rawValue: payload.wireU8(1)) else { throw .pppoeBadCode }
        let bodyLength = Int(payload.wireU16(4))
        guard bodyLength <= payload.readableBytes - length else { throw .pppoeBadLength }
        return (PPPoEHeader(code: code, sessionID: payload.wireU16(2), length: UInt16(bodyLength)),
                payload.wireSlice(length, bodyLength))
    }

    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(Self.versionAndType)
        buffer.writeInteger(code.rawValue)
        buffer.writeInteger(sessionID)
        buffer.writeInteger(length)
    }
}
