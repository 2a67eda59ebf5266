/// A Proposal payload body (RFC 2408 3.4) with its Transform payloads chained inside.
public struct ISAKMPProposal: Hashable, Sendable {
    public var number: UInt8
    /// `ISAKMPProtocolID`: 1 ISAKMP, 3 ESP.
    public var protocolID: UInt8
    /// Empty in phase 1, the 4-byte inbound SPI in an ESP proposal.
    public var spi: [UInt8]
    public var transforms: [ISAKMPTransform]

    public init(number: UInt8, protocolID: UInt8, spi: [UInt8] = [], transforms: [ISAKMPTransform]) {
        self.number = number
        self.protocolID = protocolID
        self.spi = spi
        self.transforms = transforms
    }

    /// The transform count must match the chain, which must hold only Transform payloads.
    public init(body: [UInt8]) throws(DropReason) {
        var reader = ISAKMPReader(body)
        number = try reader.u8()
        protocolID = try reader.u8()
        let spiSize = Int(try reader.u8())
        let count = Int(try reader.u8())
        spi = try reader.take(spiSize)
        guard count > 0 else { throw .isakmpBadPayload }
        let chain = try ISAKMPPayload.parseChain(first: .transform, reader.rest())
        guard chain.count == count, chain.allSatisfy({ $0.type == .transform }) else { throw .isakmpBadPayload }
        transforms = []
        for payload in chain { transforms.append(try ISAKMPTransform(body: payload.body)) }
    }

    /// SPI size and transform count are taken from the arrays (an SPI over 255 bytes or 255 transforms is cut).
    public var body: [UInt8] {
        let spi = spi.prefix(Int(UInt8.max))
        let transforms = transforms.prefix(Int(UInt8.max))
        return [number, protocolID, UInt8(spi.count), UInt8(transforms.count)] + spi
            + ISAKMPPayload.encodeChain(transforms.map { ISAKMPPayload(type: .transform, body: $0.body) })
    }
}
