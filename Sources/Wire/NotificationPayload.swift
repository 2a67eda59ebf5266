/// A Notification payload body (RFC 2408 3.14).
public struct NotificationPayload: Hashable, Sendable {
    public var doi: UInt32
    public var protocolID: UInt8
    /// Its length is the SPI Size field (ISAKMP notifies carry the 16 cookie bytes or none).
    public var spi: [UInt8]
    /// `ISAKMPNotifyType` raw value.
    public var messageType: UInt16
    public var data: [UInt8]

    public init(doi: UInt32 = 1, protocolID: UInt8, spi: [UInt8] = [], messageType: UInt16, data: [UInt8] = []) {
        self.doi = doi
        self.protocolID = protocolID
        self.spi = spi
        self.messageType = messageType
        self.data = data
    }

    public init(body: [UInt8]) throws(DropReason) {
        var reader = ISAKMPReader(body)
        doi = try reader.u32()
        protocolID = try reader.u8()
        let spiSize = Int(try reader.u8())
        messageType = try reader.u16()
        spi = try reader.take(spiSize)
        data = reader.rest()
    }

    /// `messageType` as the named type.
    public var notifyType: ISAKMPNotifyType {
        get { ISAKMPNotifyType(rawValue: messageType) }
        set { messageType = newValue.rawValue }
    }

    /// An SPI over 255 bytes is cut.
    public var body: [UInt8] {
        let spi = spi.prefix(Int(UInt8.max))
        var bytes: [UInt8] = []
        bytes.appendBigEndian(doi)
        bytes.append(protocolID)
        bytes.append(UInt8(spi.count))
        bytes.appendBigEndian(messageType)
        return bytes + spi + data
    }
}
