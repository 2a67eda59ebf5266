import NIOCore

/// One Attribute Value Pair (RFC 3931 5.1): `M|H|rsvd(4)|Length(10)`, Vendor ID, Attribute Type, value.
public struct L2TPAVP: Hashable, Sendable {
    public var mandatory: Bool
    public var hidden: Bool
    public var vendorID: UInt16
    public var type: UInt16
    public var value: [UInt8]

    public static let headerLength = 6
    /// The 10-bit Length field caps an AVP at 1023 bytes.
    public static let maximumValueLength = 1023 - headerLength

    public init(type: UInt16, value: [UInt8], mandatory: Bool = false, vendorID: UInt16 = 0, hidden: Bool = false) {
        self.mandatory = mandatory
        self.hidden = hidden
        self.vendorID = vendorID
        self.type = type
        self.value = value
    }

    /// Bytes on the wire; a value longer than `maximumValueLength` is cut there by `write(to:)`.
    public var wireLength: Int { Self.headerLength + min(value.count, Self.maximumValueLength) }

    public func write(to buffer: inout ByteBuffer) {
        let length = wireLength
        var flags = UInt16(truncatingIfNeeded: length)
        if mandatory { flags |= 0x8000 }
        if hidden { flags |= 0x4000 }
        buffer.writeInteger(flags)
        buffer.writeInteger(vendorID)
        buffer.writeInteger(type)
        buffer.writeBytes(value.prefix(Self.maximumValueLength))
    }

    /// A vendor-0 AVP holding one big-endian integer.
    static func integer<T: FixedWidthInteger>(_ type: UInt16, _ value: T) -> L2TPAVP {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(MemoryLayout<T>.size)
        for shift in stride(from: (MemoryLayout<T>.size - 1) * 8, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> shift))
        }
        return L2TPAVP(type: type, value: bytes, mandatory: L2TPAttribute.isMandatory(type))
    }

    /// The value as one big-endian integer, nil unless it is exactly that wide.
    func integer<T: FixedWidthInteger>(as: T.Type) -> T? {
        guard value.count == MemoryLayout<T>.size else { return nil }
        return value.reduce(T(0)) { $0 << 8 | T($1) }
    }
}
