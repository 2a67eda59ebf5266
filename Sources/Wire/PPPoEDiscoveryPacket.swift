import NIOCore

/// A PPPoE Discovery stage packet (RFC 2516 5.1-5.5): a PPPoE header with a discovery code and a list of tags.
public struct PPPoEDiscoveryPacket: Hashable, Sendable {
    public var code: PPPoECode
    public var sessionID: UInt16
    public var tags: [PPPoETag]

    public init(code: PPPoECode, sessionID: UInt16 = 0, tags: [PPPoETag]) {
        self.code = code
        self.sessionID = sessionID
        self.tags = tags
    }

    /// Checks the header (a discovery code, not session data) and every tag within LENGTH. Tags after an
    /// End-Of-List tag are ignored, as RFC 2516 Appendix A says; the End-Of-List itself is not kept.
    public static func parse(_ payload: ByteBuffer) throws(DropReason) -> PPPoEDiscoveryPacket {
        let (header, body) = try PPPoEHeader.parse(payload)
        guard header.code != .session else { throw .pppoeBadCode }
        var tags: [PPPoETag] = []
        var offset = 0
        while offset < body.readableBytes {
            guard body.readableBytes - offset >= PPPoETag.headerLength else { throw .pppoeBadTag }
            let type = body.wireU16(offset)
            let length = Int(body.wireU16(offset + 2))
            guard length <= body.readableBytes - offset - PPPoETag.headerLength else { throw .pppoeBadTag }
            if type == PPPoETagType.endOfList { break }
            tags.append(PPPoETag(type: type, value: body.getBytes(at: body.readerIndex + offset + PPPoETag.headerLength, length: length) ?? []))
            offset += PPPoETag.headerLength + length
        }
        return PPPoEDiscoveryPacket(code: header.code, sessionID: header.sessionID, tags: tags)
    }

    /// The first tag of `type`, if any.
    public func tag(_ type: UInt16) -> PPPoETag? { tags.first { $0.type == type } }

    public var serviceName: String? { tag(PPPoETagType.serviceName)?.text }
    public var acName: String? { tag(PPPoETagType.acName)?.text }
    public var hostUniq: [UInt8]? { tag(PPPoETagType.hostUniq)?.value }
    public var acCookie: [UInt8]? { tag(PPPoETagType.acCookie)?.value }
    public var relaySessionID: [UInt8]? { tag(PPPoETagType.relaySessionID)?.value }
    /// The first Service-Name-Error, AC-System-Error or Generic-Error tag: an AC refusing (RFC 2516 Appendix A).
    public var error: PPPoETag? {
        tags.first { [PPPoETagType.serviceNameError, PPPoETagType.acSystemError, PPPoETagType.genericError].contains($0.type) }
    }

    /// Header plus tags. LENGTH is 16 bits; a tag list over 65535 bytes (far beyond any Ethernet frame) would be cut.
    public var wireLength: Int { tags.reduce(PPPoEHeader.length) { $0 + $1.wireLength } }

    public func write(to buffer: inout ByteBuffer) {
        PPPoEHeader(code: code, sessionID: sessionID, length: UInt16(truncatingIfNeeded: wireLength - PPPoEHeader.length))
            .write(to: &buffer)
        for tag in tags { tag.write(to: &buffer) }
    }

    /// The packet as an Ethernet payload.
    public var buffer: ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: wireLength)
        write(to: &buffer)
        return buffer
    }

    /// A whole Ethernet frame with EtherType 0x8863, padded to the Ethernet minimum.
    public func frame(destination: MACAddress, source: MACAddress) -> ByteBuffer {
        EthernetHeader.frame(destination: destination, source: source, etherType: EtherType.pppoeDiscovery, payload: buffer)
    }
}
