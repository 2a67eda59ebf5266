import NIOCore

/// An LCP or NCP (IPCP) packet (RFC 1661 5): Code, Identifier, Length, Data. Configure packets carry options in
/// Data; Echo and Discard carry a Magic-Number first; Code-Reject and Protocol-Reject carry what they refuse.
public struct PPPControlPacket: Hashable, Sendable {
    public var code: PPPControlCode
    public var identifier: UInt8
    public var data: [UInt8]

    public static let headerLength = 4

    public init(code: PPPControlCode, identifier: UInt8, data: [UInt8] = []) {
        self.code = code
        self.identifier = identifier
        self.data = data
    }

    public init(code: PPPControlCode, identifier: UInt8, options: [PPPOption]) {
        self.init(code: code, identifier: identifier, data: PPPOption.bytes(of: options))
    }

    /// `body` = the PPP information field. Bytes after Length are padding (RFC 1661 5) and are not kept.
    public static func parse(_ body: ByteBuffer) throws(DropReason) -> PPPControlPacket {
        guard body.readableBytes >= headerLength else { throw .pppTruncated }
        let length = Int(body.wireU16(2))
        guard length >= headerLength, length <= body.readableBytes else { throw .pppBadLength }
        return PPPControlPacket(code: PPPControlCode(rawValue: body.wireU8(0)), identifier: body.wireU8(1),
                                data: body.getBytes(at: body.readerIndex + headerLength, length: length - headerLength) ?? [])
    }

    /// Data as a Configure packet's option list.
    public func options() throws(DropReason) -> [PPPOption] { try PPPOption.list(from: data) }

    /// The Magic-Number an Echo-Request, Echo-Reply or Discard-Request starts with (RFC 1661 5.8).
    public var magicNumber: UInt32? { data.count >= 4 ? IPv4Address(bytes: data).value : nil }
    /// The protocol a Protocol-Reject refuses (RFC 1661 5.7).
    public var rejectedProtocol: UInt16? { data.count >= 2 ? UInt16(data[0]) << 8 | UInt16(data[1]) : nil }
    /// The code of the packet a Code-Reject returns (RFC 1661 5.6).
    public var rejectedCode: PPPControlCode? { data.first.map { PPPControlCode(rawValue: $0) } }

    /// Length is 16 bits; no real packet comes near it (a PPPoE payload is at most 1492 bytes).
    public var wireLength: Int { Self.headerLength + data.count }

    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(code.rawValue)
        buffer.writeInteger(identifier)
        buffer.writeInteger(UInt16(truncatingIfNeeded: wireLength))
        buffer.writeBytes(data)
    }

    /// The packet as a PPP information field.
    public var buffer: ByteBuffer {
        var buffer = ByteBuffer.outgoing(capacity: wireLength)
        write(to: &buffer)
        return buffer
    }
}
