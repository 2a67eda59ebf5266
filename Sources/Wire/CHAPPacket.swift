import NIOCore

/// A Challenge Handshake Authentication Protocol packet (RFC 1994 4). Challenge and Response carry Value-Size,
/// Value and Name (the rest of the packet); Success and Failure carry a Message (the rest of the packet).
public struct CHAPPacket: Hashable, Sendable {
    public enum Code: UInt8, Hashable, Sendable {
        case challenge = 1, response = 2, success = 3, failure = 4
    }

    public var code: Code
    public var identifier: UInt8
    public var value: [UInt8]
    public var name: [UInt8]
    public var message: [UInt8]

    public static let headerLength = 4
    /// Value-Size is one byte.
    public static let maximumValueLength = 255

    public init(code: Code, identifier: UInt8, value: [UInt8] = [], name: [UInt8] = [], message: [UInt8] = []) {
        self.code = code
        self.identifier = identifier
        self.value = value
        self.name = name
        self.message = message
    }

    var carriesValue: Bool { code == .challenge || code == .response }

    /// `body` = the PPP information field; bytes after Length are padding.
    public static func parse(_ body: ByteBuffer) throws(DropReason) -> CHAPPacket {
        guard body.readableBytes >= headerLength else { throw .pppTruncated }
        let length = Int(body.wireU16(2))
        guard length >= headerLength, length <= body.readableBytes else { throw .pppBadLength }
        guard let code = Code(rawValue: body.wireU8(0)) else { throw .chapBadCode }
        let data = body.getBytes(at: body.readerIndex + headerLength, length: length - headerLength) ?? []
        var packet = CHAPPacket(code: code, identifier: body.wireU8(1))
        guard packet.carriesValue else {
            packet.message = data
            return packet
        }
        guard let size = data.first, Int(size) <= data.count - 1 else { throw .chapBadLength }
        packet.value = Array(data[1 ..< 1 + Int(size)])
        packet.name = Array(data[(1 + Int(size))...])
        return packet
    }

    /// Length is 16 bits; a name or message beyond a PPPoE payload is never sent.
    public var wireLength: Int {
        Self.headerLength + (carriesValue ? 1 + min(value.count, Self.maximumValueLength) + name.count : message.count)
    }

    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(code.rawValue)
        buffer.writeInteger(identifier)
        buffer.writeInteger(UInt16(truncatingIfNeeded: wireLength))
        if carriesValue {
            let count = min(value.count, Self.maximumValueLength)
            buffer.writeInteger(UInt8(count))
            buffer.writeBytes(value.prefix(count))
            buffer.writeBytes(name)
        } else {
            buffer.writeBytes(message)
        }
    }

    /// The packet as a PPP information field.
    public var buffer: ByteBuffer {
        var buffer = ByteBuffer.outgoing(capacity: wireLength)
        write(to: &buffer)
        return buffer
    }
}
