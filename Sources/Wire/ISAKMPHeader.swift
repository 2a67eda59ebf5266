/// The fixed ISAKMP header (RFC 2408 3.1).
public struct ISAKMPHeader: Hashable, Sendable {
    public var initiatorCookie: UInt64
    public var responderCookie: UInt64
    /// Type of the first payload.
    public var nextPayload: ISAKMPPayloadType
    public var majorVersion: UInt8
    public var minorVersion: UInt8
    public var exchangeType: ISAKMPExchangeType
    public var flags: ISAKMPFlags
    public var messageID: UInt32
    /// Header plus payloads (plus padding when encrypted), in bytes.
    public var length: UInt32

    public static let size = 28

    public init(initiatorCookie: UInt64, responderCookie: UInt64 = 0, nextPayload: ISAKMPPayloadType = .none,
                majorVersion: UInt8 = 1, minorVersion: UInt8 = 0, exchangeType: ISAKMPExchangeType,
                flags: ISAKMPFlags = [], messageID: UInt32 = 0, length: UInt32 = UInt32(ISAKMPHeader.size)) {
        self.initiatorCookie = initiatorCookie
        self.responderCookie = responderCookie
        self.nextPayload = nextPayload
        self.majorVersion = majorVersion
        self.minorVersion = minorVersion
        self.exchangeType = exchangeType
        self.flags = flags
        self.messageID = messageID
        self.length = length
    }

    /// Checks version 1.x and that the length covers the header and fits in `bytes` (which may be longer).
    public init(parsing bytes: some Collection<UInt8>) throws(DropReason) {
        var reader = ISAKMPReader(Array(bytes.prefix(Self.size)), shortage: .isakmpTruncated)
        initiatorCookie = try reader.u64()
        responderCookie = try reader.u64()
        nextPayload = ISAKMPPayloadType(rawValue: try reader.u8())
        let version = try reader.u8()
        majorVersion = version >> 4
        minorVersion = version & 0x0F
        exchangeType = ISAKMPExchangeType(rawValue: try reader.u8())
        flags = ISAKMPFlags(rawValue: try reader.u8())
        messageID = try reader.u32()
        length = try reader.u32()
        guard majorVersion == 1 else { throw .isakmpBadVersion }
        guard length >= Self.size, length <= bytes.count else { throw .isakmpBadLength }
    }

    public var bytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.size)
        bytes.appendBigEndian(initiatorCookie)
        bytes.appendBigEndian(responderCookie)
        bytes.append(nextPayload.rawValue)
        bytes.append(majorVersion << 4 | minorVersion & 0x0F)
        bytes.append(exchangeType.rawValue)
        bytes.append(flags.rawValue)
        bytes.appendBigEndian(messageID)
        bytes.appendBigEndian(length)
        return bytes
    }
}
