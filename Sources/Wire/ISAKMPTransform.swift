/// A Transform payload body (RFC 2408 3.5): one algorithm choice and its attributes.
public struct ISAKMPTransform: Hashable, Sendable {
    public var number: UInt8
    /// `ISAKMPTransformID.IKE` in a phase 1 proposal, `ISAKMPTransformID.ESP` in an ESP one.
    public var transformID: UInt8
    public var attributes: [ISAKMPAttribute]

    public init(number: UInt8, transformID: UInt8, attributes: [ISAKMPAttribute]) {
        self.number = number
        self.transformID = transformID
        self.attributes = attributes
    }

    public init(body: [UInt8]) throws(DropReason) {
        var reader = ISAKMPReader(body)
        number = try reader.u8()
        transformID = try reader.u8()
        _ = try reader.u16()
        attributes = try ISAKMPAttribute.parseList(reader.rest())
    }

    public var body: [UInt8] { [number, transformID, 0, 0] + ISAKMPAttribute.encodeList(attributes) }

    /// The integer value of the first attribute of `type`.
    public func attribute(_ type: UInt16) -> UInt64? { attributes.first { $0.type == type }?.integerValue }
}
