/// A whole ISAKMP message in plaintext: header and payload chain.
public struct ISAKMPMessage: Hashable, Sendable {
    public var header: ISAKMPHeader
    public var payloads: [ISAKMPPayload]

    public init(header: ISAKMPHeader, payloads: [ISAKMPPayload]) {
        self.header = header
        self.payloads = payloads
    }

    /// A plaintext message (encryption flag clear). For an encrypted one the engine decrypts the bytes after
    /// the header and calls `ISAKMPPayload.parseChain` itself. Bytes beyond the header's length are ignored.
    public init(parsing bytes: some Collection<UInt8>) throws(DropReason) {
        let bytes = Array(bytes)
        header = try ISAKMPHeader(parsing: bytes)
        guard !header.flags.contains(.encryption) else { throw .isakmpEncrypted }
        payloads = try ISAKMPPayload.parseChain(first: header.nextPayload, bytes[ISAKMPHeader.size..<Int(header.length)])
    }

    /// The first payload of `type`, if any.
    public func first(_ type: ISAKMPPayloadType) -> ISAKMPPayload? { payloads.first { $0.type == type } }

    /// Header (length and first next-payload filled in) + `encodeChain(payloads)`. Unencrypted.
    public var bytes: [UInt8] {
        let chain = ISAKMPPayload.encodeChain(payloads)
        var header = header
        header.nextPayload = payloads.first?.type ?? .none
        header.length = UInt32(ISAKMPHeader.size + chain.count)
        return header.bytes + chain
    }
}
