/// One payload of a chain (RFC 2408 3.2): its type comes from the previous header's Next Payload.
public struct ISAKMPPayload: Hashable, Sendable {
    public var type: ISAKMPPayloadType
    /// Without the 4-byte generic header.
    public var body: [UInt8]

    public static let headerSize = 4
    /// The 16-bit Payload Length caps a body here; `encodeChain` cuts longer ones.
    public static let maximumBodySize = Int(UInt16.max) - headerSize

    public init(type: ISAKMPPayloadType, body: [UInt8]) {
        self.type = type
        self.body = body
    }

    /// Parses a chain starting with `first`; lengths checked; stops at next-payload 0, so bytes after the
    /// last payload (the padding of a decrypted message) are ignored.
    public static func parseChain(first: ISAKMPPayloadType, _ bytes: some Collection<UInt8>) throws(DropReason) -> [ISAKMPPayload] {
        var reader = ISAKMPReader(Array(bytes), shortage: .isakmpTruncated)
        var payloads: [ISAKMPPayload] = []
        var type = first
        while type != .none {
            let next = ISAKMPPayloadType(rawValue: try reader.u8())
            // The reserved byte (IKEv2's critical bit) is ignored, as RFC 2408 asks of receivers.
            _ = try reader.u8()
            let length = Int(try reader.u16())
            guard length >= headerSize, length - headerSize <= reader.remaining else { throw .isakmpBadLength }
            payloads.append(ISAKMPPayload(type: type, body: try reader.take(length - headerSize)))
            type = next
        }
        return payloads
    }

    /// Generic headers with each next-payload filled in, last = none.
    public static func encodeChain(_ payloads: [ISAKMPPayload]) -> [UInt8] {
        var bytes: [UInt8] = []
        for (index, payload) in payloads.enumerated() {
            let body = payload.body.prefix(maximumBodySize)
            bytes.append(index + 1 < payloads.count ? payloads[index + 1].type.rawValue : ISAKMPPayloadType.none.rawValue)
            bytes.append(0)
            bytes.appendBigEndian(UInt16(headerSize + body.count))
            bytes.append(contentsOf: body)
        }
        return bytes
    }
}
