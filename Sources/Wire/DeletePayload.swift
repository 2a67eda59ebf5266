/// A Delete payload body (RFC 2408 3.15): SPIs of one protocol that the sender no longer uses.
public struct DeletePayload: Hashable, Sendable {
    public var doi: UInt32
    public var protocolID: UInt8
    /// 16 (both cookies) for an ISAKMP SA, 4 for ESP.
    public var spiSize: UInt8
    public var spis: [[UInt8]]

    public init(doi: UInt32 = 1, protocolID: UInt8, spiSize: UInt8, spis: [[UInt8]]) {
        self.doi = doi
        self.protocolID = protocolID
        self.spiSize = spiSize
        self.spis = spis
    }

    /// The SPIs must fill the body exactly.
    public init(body: [UInt8]) throws(DropReason) {
        var reader = ISAKMPReader(body)
        doi = try reader.u32()
        protocolID = try reader.u8()
        spiSize = try reader.u8()
        let count = Int(try reader.u16())
        guard reader.remaining == count * Int(spiSize) else { throw .isakmpBadPayload }
        spis = []
        for _ in 0..<count { spis.append(try reader.take(Int(spiSize))) }
    }

    /// Each SPI is cut or zero-padded to `spiSize`, so the count and the bytes agree.
    public var body: [UInt8] {
        let spis = spis.prefix(Int(UInt16.max))
        var bytes: [UInt8] = []
        bytes.appendBigEndian(doi)
        bytes.append(protocolID)
        bytes.append(spiSize)
        bytes.appendBigEndian(UInt16(spis.count))
        for spi in spis {
            bytes.append(contentsOf: spi.prefix(Int(spiSize)))
            bytes.append(contentsOf: repeatElement(0, count: max(0, Int(spiSize) - spi.count)))
        }
        return bytes
    }
}
