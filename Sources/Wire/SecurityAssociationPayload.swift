/// A Security Association payload body (RFC 2408 3.4, IPsec DOI RFC 2407 4.6.1) with its Proposal payloads chained inside.
public struct SecurityAssociationPayload: Hashable, Sendable {
    /// 1 = IPsec DOI.
    public var doi: UInt32
    /// 1 = SIT_IDENTITY_ONLY, the only situation IKE peers use; no labeled-domain fields follow it.
    public var situation: UInt32
    public var proposals: [ISAKMPProposal]

    public init(doi: UInt32 = 1, situation: UInt32 = 1, proposals: [ISAKMPProposal]) {
        self.doi = doi
        self.situation = situation
        self.proposals = proposals
    }

    public init(body: [UInt8]) throws(DropReason) {
        var reader = ISAKMPReader(body)
        doi = try reader.u32()
        situation = try reader.u32()
        let chain = try ISAKMPPayload.parseChain(first: .proposal, reader.rest())
        guard chain.allSatisfy({ $0.type == .proposal }) else { throw .isakmpBadPayload }
        proposals = []
        for payload in chain { proposals.append(try ISAKMPProposal(body: payload.body)) }
    }

    public var body: [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendBigEndian(doi)
        bytes.appendBigEndian(situation)
        return bytes + ISAKMPPayload.encodeChain(proposals.map { ISAKMPPayload(type: .proposal, body: $0.body) })
    }
}
