import NIOCore

/// An IPv4 header (RFC 791). Options are kept as raw bytes; the router neither interprets nor adds them.
public struct IPv4Header: Hashable, Sendable {
    public var tos: UInt8
    /// Header plus payload, in bytes.
    public var totalLength: UInt16
    public var identification: UInt16
    /// Flags in the top 3 bits (`dontFragmentFlag`, `moreFragmentsFlag`), then the offset in 8-byte units.
    public var flagsAndFragmentOffset: UInt16
    public var ttl: UInt8
    public var `protocol`: UInt8
    /// As received; `write(to:)` ignores it and computes a fresh one.
    public var checksum: UInt16
    public var source: IPv4Address
    public var destination: IPv4Address
    /// Raw option bytes, usually empty. Written zero-padded (End of Options) to a multiple of 4.
    public var options: [UInt8]

    public static let minimumLength = 20
    public static let dontFragmentFlag: UInt16 = 0x4000
    public static let moreFragmentsFlag: UInt16 = 0x2000

    public init(tos: UInt8 = 0, totalLength: UInt16, identification: UInt16, flagsAndFragmentOffset: UInt16 = 0,
                ttl: UInt8, protocol: UInt8, checksum: UInt16 = 0, source: IPv4Address, destination: IPv4Address,
                options: [UInt8] = []) {
        self.tos = tos
        self.totalLength = totalLength
        self.identification = identification
        self.flagsAndFragmentOffset = flagsAndFragmentOffset
        self.ttl = ttl
        self.protocol = `protocol`
        self.checksum = checksum
        self.source = source
        self.destination = destination
        self.options = options
    }

    /// 20 + options, rounded up to whole 32-bit words (at most 60 is representable; longer options are cut on write).
    public var headerLength: Int { IPv4Header.minimumLength + min((options.count + 3) & ~3, 40) }

    /// MF set or offset != 0: part of a fragmented datagram.
    public var isFragment: Bool { flagsAndFragmentOffset & 0x3FFF != 0 }

    /// Carries a Loose or Strict Source and Record Route option (RFC 791: types 131 and 137): the
    /// sender, not the routing table, picks the path, which is how spoofing gets past address checks.
    public var hasSourceRoute: Bool {
        var index = 0
        while index < options.count {
            let type = options[index]
            if type == 0 { return false }   // End of Option List
            if type == 1 { index += 1; continue }   // No Operation
            if type == 131 || type == 137 { return true }
            guard index + 1 < options.count, options[index + 1] >= 2 else { return false }
            index += Int(options[index + 1])
        }
        return false
    }

    public var dontFragment: Bool { flagsAndFragmentOffset & IPv4Header.dontFragmentFlag != 0 }

    /// Validates version 4, IHL >= 5, total length within the buffer (Ethernet padding after it is cut off),
    /// header checksum. Returns the header and the payload slice (exactly totalLength - headerLength bytes).
    public static func parse(_ packet: ByteBuffer) throws(DropReason) -> (header: IPv4Header, payload: ByteBuffer) {
        guard packet.readableBytes >= minimumLength else { throw .ipv4Truncated }
        let versionAndIHL = packet.wireU8(0)
        guard versionAndIHL >> 4 == 4 else { throw .ipv4BadVersion }
        let headerLength = Int(versionAndIHL & 0x0F) * 4
        guard headerLength >= minimumLength else { throw .ipv4BadHeaderLength }
        guard packet.readableBytes >= headerLength else { throw .ipv4Truncated }
        guard InternetChecksum.checksum(packet.wireSlice(0, headerLength)) == 0 else { throw .ipv4BadChecksum }
        let totalLength = Int(packet.wireU16(2))
        guard totalLength >= headerLength else { throw .ipv4BadTotalLength }
        guard totalLength <= packet.readableBytes else { throw .ipv4Truncated }

        let options = headerLength > minimumLength
            ? packet.getBytes(at: packet.readerIndex + minimumLength, length: headerLength - minimumLength) ?? []
            : []
        let header = IPv4Header(tos: packet.wireU8(1), totalLength: UInt16(totalLength), identification: packet.wireU16(4),
                                flagsAndFragmentOffset: packet.wireU16(6), ttl: packet.wireU8(8), protocol: packet.wireU8(9),
                                checksum: packet.wireU16(10), source: packet.wireIPv4(12), destination: packet.wireIPv4(16),
                                options: options)
        return (header, packet.wireSlice(headerLength, totalLength - headerLength))
    }

    /// Writes the header with a freshly computed checksum (totalLength as set by the caller).
    public func write(to buffer: inout ByteBuffer) {
        let start = buffer.writerIndex
        let length = headerLength
        buffer.writeInteger(UInt8(0x40 | length / 4))
        buffer.writeInteger(tos)
        buffer.writeInteger(totalLength)
        buffer.writeInteger(identification)
        buffer.writeInteger(flagsAndFragmentOffset)
        buffer.writeInteger(ttl)
        buffer.writeInteger(`protocol`)
        buffer.writeInteger(UInt16(0))
        buffer.writeIPv4(source)
        buffer.writeIPv4(destination)
        let optionBytes = options.prefix(length - IPv4Header.minimumLength)
        buffer.writeBytes(optionBytes)
        buffer.writeRepeatingByte(0, count: length - IPv4Header.minimumLength - optionBytes.count)
        // Summed in place: a slice held across the store below would make it copy the buffer.
        let offset = start - buffer.readerIndex
        let checksum = buffer.withUnsafeReadableBytes { InternetChecksum.checksum(UnsafeRawBufferPointer(rebasing: $0[offset..<offset + length])) }
        buffer.setInteger(checksum, at: start + 10)
    }

    /// A whole packet: header (totalLength and checksum computed) + payload.
    /// A payload that would overflow the 16-bit total length is cut (callers never build one).
    public static func packet(source: IPv4Address, destination: IPv4Address, protocol: UInt8, ttl: UInt8,
                              identification: UInt16, tos: UInt8 = 0, dontFragment: Bool = false, payload: ByteBuffer) -> ByteBuffer {
        let payloadLength = min(payload.readableBytes, Int(UInt16.max) - minimumLength)
        let header = IPv4Header(tos: tos, totalLength: UInt16(minimumLength + payloadLength), identification: identification,
                                flagsAndFragmentOffset: dontFragment ? dontFragmentFlag : 0, ttl: ttl, protocol: `protocol`,
                                source: source, destination: destination)
        var packet = ByteBufferAllocator().buffer(capacity: minimumLength + payloadLength)
        header.write(to: &packet)
        packet.writeImmutableBuffer(payload.getSlice(at: payload.readerIndex, length: payloadLength) ?? ByteBuffer())
        return packet
    }

    /// Prepends this header to the payload already in `buffer`, setting the total length and checksum.
    /// The header is built on the stack and stored with one write.
    public static func prepend(source: IPv4Address, destination: IPv4Address, protocol: UInt8, ttl: UInt8,
                               identification: UInt16, tos: UInt8 = 0, to buffer: inout ByteBuffer) {
        let total = UInt16(truncatingIfNeeded: minimumLength + buffer.readableBytes)
        let at = buffer.claimHeadroom(minimumLength)
        var header: (UInt64, UInt64, UInt32) = (0, 0, 0)
        withUnsafeMutableBytes(of: &header) { raw in
            raw.storeBytes(of: (0x4500 | UInt16(tos)).bigEndian, toByteOffset: 0, as: UInt16.self)
            raw.storeBytes(of: total.bigEndian, toByteOffset: 2, as: UInt16.self)
            raw.storeBytes(of: identification.bigEndian, toByteOffset: 4, as: UInt16.self)
            raw.storeBytes(of: (UInt16(ttl) << 8 | UInt16(`protocol`)).bigEndian, toByteOffset: 8, as: UInt16.self)
            raw.storeBytes(of: source.value.bigEndian, toByteOffset: 12, as: UInt32.self)
            raw.storeBytes(of: destination.value.bigEndian, toByteOffset: 16, as: UInt32.self)
            let checksum = InternetChecksum.checksum(UnsafeRawBufferPointer(rebasing: raw[0..<minimumLength]))
            raw.storeBytes(of: checksum.bigEndian, toByteOffset: 10, as: UInt16.self)
            buffer.setBytes(UnsafeRawBufferPointer(rebasing: raw[0..<minimumLength]), at: at)
        }
    }
}
