import NIOCore

/// A Password Authentication Protocol packet (RFC 1334 2.2). An Authenticate-Request carries Peer-ID and
/// Password, each after a one-byte length; Ack and Nak carry a Message after a one-byte length.
public struct PAPPacket: Hashable, Sendable {
    public enum Code: UInt8, Hashable, Sendable {
        case authenticateRequest = 1, authenticateAck = 2, authenticateNak = 3
    }

    public var code: Code
    public var identifier: UInt8
    public var peerID: [UInt8]
    public var password: [UInt8]
    public var message: [UInt8]

    public static let headerLength = 4
    /// One-byte length fields cap each string.
    public static let maximumFieldLength = 255

    public static func request(identifier: UInt8, peerID: [UInt8], password: [UInt8]) -> PAPPacket {
        PAPPacket(code: .authenticateRequest, identifier: identifier, peerID: peerID, password: password, message: [])
    }

    public static func reply(_ code: Code, identifier: UInt8, message: String) -> PAPPacket {
        PAPPacket(code: code, identifier: identifier, peerID: [], password: [], message: Array(message.utf8))
    }

    public init(code: Code, identifier: UInt8, peerID: [UInt8], password: [UInt8], message: [UInt8]) {
        self.code = code
        self.identifier = identifier
        self.peerID = peerID
        self.password = password
        self.message = message
    }

    /// `body` = the PPP information field; bytes after Length are padding. A reply without its Msg-Length byte
    /// is taken as an empty message (some servers send a bare header).
    public static func parse(_ body: ByteBuffer) throws(DropReason) -> PAPPacket {
        guard body.readableBytes >= headerLength else { throw .pppTruncated }
        let length = Int(body.wireU16(2))
        guard length >= headerLength, length <= body.readableBytes else { throw .pppBadLength }
        guard let code = Code(rawValue: body.wireU8(0)) else { throw .papBadCode }
        let data = body.getBytes(at: body.readerIndex + headerLength, length: length - headerLength) ?? []
        var fields: [[UInt8]] = []
        var offset = 0
        for _ in 0..<(code == .authenticateRequest ? 2 : 1) {
            if code != .authenticateRequest && offset == data.count { fields.append([]); break }
            guard offset < data.count, Int(data[offset]) <= data.count - offset - 1 else { throw .papBadLength }
            let count = Int(data[offset])
            fields.append(Array(data[offset + 1 ..< offset + 1 + count]))
            offset += 1 + count
        }
        if code == .authenticateRequest {
            return PAPPacket(code: code, identifier: body.wireU8(1), peerID: fields[0], password: fields[1], message: [])
        }
        return PAPPacket(code: code, identifier: body.wireU8(1), peerID: [], password: [], message: fields[0])
    }

    private var fields: [[UInt8]] {
        (code == .authenticateRequest ? [peerID, password] : [message]).map { Array($0.prefix(Self.maximumFieldLength)) }
    }

    public var wireLength: Int { fields.reduce(Self.headerLength) { $0 + 1 + $1.count } }

    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(code.rawValue)
        buffer.writeInteger(identifier)
        buffer.writeInteger(UInt16(wireLength))
        for field in fields {
            buffer.writeInteger(UInt8(field.count))
            buffer.writeBytes(field)
        }
    }

    /// The packet as a PPP information field.
    public var buffer: ByteBuffer {
        var buffer = ByteBuffer.outgoing(capacity: wireLength)
        write(to: &buffer)
        return buffer
    }
}
