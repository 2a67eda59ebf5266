import NIOCore

/// An L2TPv3 control message over UDP (RFC 3931 3.2.1): flags/version `0xC803`, Length, Control Connection ID,
/// Ns, Nr, then AVPs with Message Type first. A message without AVPs is a ZLB acknowledgement.
public struct L2TPControlMessage: Hashable, Sendable {
    /// The recipient's ID (0 until the peer's Assigned Control Connection ID is known).
    public var connectionID: UInt32
    public var ns: UInt16
    public var nr: UInt16
    public var avps: [L2TPAVP]

    public static let headerLength = 12
    /// T, L and S set, Ver 3.
    static let flagsAndVersion: UInt16 = 0xC803

    public init(connectionID: UInt32, ns: UInt16, nr: UInt16, avps: [L2TPAVP]) {
        self.connectionID = connectionID
        self.ns = ns
        self.nr = nr
        self.avps = avps
    }

    /// A zero-length body acknowledgement: a header and no AVPs.
    public static func zlb(connectionID: UInt32, ns: UInt16, nr: UInt16) -> L2TPControlMessage {
        L2TPControlMessage(connectionID: connectionID, ns: ns, nr: nr, avps: [])
    }

    /// A message whose first AVP is Message Type `type` (M set).
    public static func make(_ type: L2TPMessageType, connectionID: UInt32) -> L2TPControlMessage {
        L2TPControlMessage(connectionID: connectionID, ns: 0, nr: 0,
                           avps: [.integer(L2TPAttribute.messageType, type.rawValue)])
    }

    public var isZLB: Bool { avps.isEmpty }

    /// The first AVP must be Message Type (vendor 0, type 0); nil for a ZLB, a vendor-specific message type
    /// or an unknown type value.
    public var messageType: L2TPMessageType? {
        guard let first = avps.first, first.vendorID == 0, first.type == L2TPAttribute.messageType,
              let value = first.integer(as: UInt16.self) else { return nil }
        return L2TPMessageType(rawValue: value)
    }

    /// AVPs with the M bit that this implementation does not know (vendor != 0 or an unknown type): RFC 3931 5.2
    /// says the whole message must then be refused (the engine decides how). A vendor-0 Message Type with an
    /// unknown value is not listed here: `messageType` is nil for it.
    public var unknownMandatoryAVPs: [L2TPAVP] {
        avps.filter { $0.mandatory && ($0.vendorID != 0 || !L2TPAttribute.known.contains($0.type)) }
    }

    /// Checks the header (T, L, S set, Ver 3; reserved bits ignored as RFC 3931 3.2.1 says), Length within the
    /// payload and every AVP within the message. Bytes after Length are not part of the message.
    public static func parse(_ udpPayload: ByteBuffer) throws(DropReason) -> L2TPControlMessage {
        guard udpPayload.readableBytes >= headerLength else { throw .l2tpTruncated }
        let flags = udpPayload.wireU16(0)
        guard flags & 0x000F == 3 else { throw .l2tpBadVersion }
        guard flags & 0xC800 == 0xC800 else { throw .l2tpBadFlags }
        let length = Int(udpPayload.wireU16(2))
        guard length >= headerLength, length <= udpPayload.readableBytes else { throw .l2tpBadLength }

        var avps: [L2TPAVP] = []
        var offset = headerLength
        while offset < length {
            guard length - offset >= L2TPAVP.headerLength else { throw .l2tpBadAVPLength }
            let word = udpPayload.wireU16(offset)
            let avpLength = Int(word & 0x03FF)
            guard avpLength >= L2TPAVP.headerLength, avpLength <= length - offset else { throw .l2tpBadAVPLength }
            guard word & 0x4000 == 0 else { throw .l2tpHiddenAVP }
            let value = udpPayload.getBytes(at: udpPayload.readerIndex + offset + L2TPAVP.headerLength,
                                            length: avpLength - L2TPAVP.headerLength) ?? []
            avps.append(L2TPAVP(type: udpPayload.wireU16(offset + 4), value: value, mandatory: word & 0x8000 != 0,
                                vendorID: udpPayload.wireU16(offset + 2)))
            offset += avpLength
        }
        if let first = avps.first {
            guard first.type == L2TPAttribute.messageType else { throw .l2tpNoMessageType }
            guard first.vendorID != 0 || first.value.count == 2 else { throw .l2tpBadAVPLength }
        }
        return L2TPControlMessage(connectionID: udpPayload.wireU32(4), ns: udpPayload.wireU16(8),
                                  nr: udpPayload.wireU16(10), avps: avps)
    }

    /// Header plus AVPs. The Length field is 16 bits; a message over 65535 bytes (more AVPs than any real one)
    /// would be written with a wrong Length.
    public var wireLength: Int { avps.reduce(Self.headerLength) { $0 + $1.wireLength } }

    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(Self.flagsAndVersion)
        buffer.writeInteger(UInt16(truncatingIfNeeded: wireLength))
        buffer.writeInteger(connectionID)
        buffer.writeInteger(ns)
        buffer.writeInteger(nr)
        for avp in avps { avp.write(to: &buffer) }
    }

    public var buffer: ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: wireLength)
        write(to: &buffer)
        return buffer
    }
}
