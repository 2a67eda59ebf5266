/// A data attribute of a transform (RFC 2408 3.3): TV when the AF bit is set, TLV otherwise.
public struct ISAKMPAttribute: Hashable, Sendable {
    public enum Value: Hashable, Sendable {
        /// TV form, AF bit set: a 16-bit value.
        case basic(UInt16)
        /// TLV form; the 16-bit length caps the value at 65535 bytes (longer ones are cut when encoded).
        case variable([UInt8])
    }

    /// The attribute class without the AF bit.
    public var type: UInt16
    public var value: Value

    static let formatBit: UInt16 = 0x8000

    public init(type: UInt16, value: Value) {
        self.type = type & ~Self.formatBit
        self.value = value
    }

    /// `value` in the shortest form: basic when it fits 16 bits, else 4 (or 8) bytes big-endian.
    public static func integer(type: UInt16, _ value: UInt64) -> ISAKMPAttribute {
        if let basic = UInt16(exactly: value) { return ISAKMPAttribute(type: type, value: .basic(basic)) }
        var bytes: [UInt8] = []
        if let word = UInt32(exactly: value) { bytes.appendBigEndian(word) } else { bytes.appendBigEndian(value) }
        return ISAKMPAttribute(type: type, value: .variable(bytes))
    }

    /// Basic, or variable up to 8 bytes big-endian (a life duration of 28800 may come in 4 bytes).
    public var integerValue: UInt64? {
        switch value {
        case .basic(let value): UInt64(value)
        case .variable(let bytes): bytes.count <= 8 ? bytes.reduce(0) { $0 << 8 | UInt64($1) } : nil
        }
    }

    /// Exactly one attribute filling `body`.
    public init(body: [UInt8]) throws(DropReason) {
        var reader = ISAKMPReader(body)
        self = try Self.read(&reader)
        guard reader.remaining == 0 else { throw .isakmpBadPayload }
    }

    public var body: [UInt8] {
        var bytes: [UInt8] = []
        switch value {
        case .basic(let value):
            bytes.appendBigEndian(type | Self.formatBit)
            bytes.appendBigEndian(value)
        case .variable(let value):
            let value = value.prefix(Int(UInt16.max))
            bytes.appendBigEndian(type & ~Self.formatBit)
            bytes.appendBigEndian(UInt16(value.count))
            bytes.append(contentsOf: value)
        }
        return bytes
    }

    /// The attributes that fill `bytes` (the tail of a transform body).
    public static func parseList(_ bytes: [UInt8]) throws(DropReason) -> [ISAKMPAttribute] {
        var reader = ISAKMPReader(bytes)
        var attributes: [ISAKMPAttribute] = []
        while reader.remaining > 0 { attributes.append(try read(&reader)) }
        return attributes
    }

    public static func encodeList(_ attributes: [ISAKMPAttribute]) -> [UInt8] { attributes.flatMap(\.body) }

    private static func read(_ reader: inout ISAKMPReader) throws(DropReason) -> ISAKMPAttribute {
        let type = try reader.u16()
        if type & formatBit != 0 { return ISAKMPAttribute(type: type, value: .basic(try reader.u16())) }
        let length = Int(try reader.u16())
        return ISAKMPAttribute(type: type, value: .variable(try reader.take(length)))
    }
}
