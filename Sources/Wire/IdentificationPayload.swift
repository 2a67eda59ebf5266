/// An Identification payload body with the IPsec DOI fields (RFC 2407 4.6.2).
public struct IdentificationPayload: Hashable, Sendable {
    /// `ISAKMPIdentificationType`.
    public var idType: UInt8
    /// 0 in phase 1 (or 17 with port 500); the protected protocol in a quick mode client ID.
    public var protocolID: UInt8
    public var port: UInt16
    public var data: [UInt8]

    public init(idType: UInt8, protocolID: UInt8 = 0, port: UInt16 = 0, data: [UInt8]) {
        self.idType = idType
        self.protocolID = protocolID
        self.port = port
        self.data = data
    }

    public init(body: [UInt8]) throws(DropReason) {
        var reader = ISAKMPReader(body)
        idType = try reader.u8()
        protocolID = try reader.u8()
        port = try reader.u16()
        data = reader.rest()
    }

    public var body: [UInt8] {
        var bytes = [idType, protocolID]
        bytes.appendBigEndian(port)
        return bytes + data
    }
}
