import NIOCore

/// A TCP header (RFC 9293). The router only looks at TCP (NAT ports, flags for connection tracking), so
/// options are skipped, not decoded.
public struct TCPHeader: Hashable, Sendable {
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var sequence: UInt32
    public var acknowledgment: UInt32
    /// Header length in bytes (the 4-bit field times 4), options included.
    public var dataOffset: Int
    /// The 12 bits after the data offset: reserved bits and NS..FIN; see the flag constants.
    public var flags: UInt16
    public var window: UInt16
    public var checksum: UInt16
    public var urgentPointer: UInt16

    public static let minimumLength = 20

    public static let fin: UInt16 = 0x001
    public static let syn: UInt16 = 0x002
    public static let rst: UInt16 = 0x004
    public static let psh: UInt16 = 0x008
    public static let ack: UInt16 = 0x010
    public static let urg: UInt16 = 0x020

    public init(sourcePort: UInt16, destinationPort: UInt16, sequence: UInt32, acknowledgment: UInt32,
                dataOffset: Int = TCPHeader.minimumLength, flags: UInt16, window: UInt16, checksum: UInt16 = 0,
                urgentPointer: UInt16 = 0) {
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.sequence = sequence
        self.acknowledgment = acknowledgment
        self.dataOffset = dataOffset
        self.flags = flags
        self.window = window
        self.checksum = checksum
        self.urgentPointer = urgentPointer
    }

    public var isSYN: Bool { flags & TCPHeader.syn != 0 }
    public var isACK: Bool { flags & TCPHeader.ack != 0 }
    public var isFIN: Bool { flags & TCPHeader.fin != 0 }
    public var isRST: Bool { flags & TCPHeader.rst != 0 }

    /// Checks the data offset and the checksum with the pseudo-header over the whole segment
    /// (the IP payload). Returns the header and the payload slice after the options.
    public static func parse(_ segment: ByteBuffer, source: IPv4Address, destination: IPv4Address) throws(DropReason) -> (header: TCPHeader, payload: ByteBuffer) {
        guard segment.readableBytes >= minimumLength else { throw .tcpTruncated }
        let offsetAndFlags = segment.wireU16(12)
        let dataOffset = Int(offsetAndFlags >> 12) * 4
        guard dataOffset >= minimumLength, dataOffset <= segment.readableBytes else { throw .tcpBadHeaderLength }
        let pseudo = InternetChecksum.pseudoHeaderSum(source: source, destination: destination,
                                                      protocol: IPProtocol.tcp, length: segment.readableBytes)
        guard InternetChecksum.checksum(segment, initial: pseudo) == 0 else { throw .tcpBadChecksum }
        let header = TCPHeader(sourcePort: segment.wireU16(0), destinationPort: segment.wireU16(2),
                               sequence: segment.wireU32(4), acknowledgment: segment.wireU32(8),
                               dataOffset: dataOffset, flags: offsetAndFlags & 0x0FFF, window: segment.wireU16(14),
                               checksum: segment.wireU16(16), urgentPointer: segment.wireU16(18))
        return (header, segment.wireSlice(dataOffset, segment.readableBytes - dataOffset))
    }

    /// A whole segment without options (a 20-byte header) with the checksum computed; for RSTs and tests.
    public static func segment(sourcePort: UInt16, destinationPort: UInt16, sequence: UInt32, acknowledgment: UInt32,
                               flags: UInt16, window: UInt16, urgentPointer: UInt16 = 0, payload: ByteBuffer,
                               source: IPv4Address, destination: IPv4Address) -> ByteBuffer {
        let total = minimumLength + payload.readableBytes
        var segment = ByteBufferAllocator().buffer(capacity: total)
        segment.writeInteger(sourcePort)
        segment.writeInteger(destinationPort)
        segment.writeInteger(sequence)
        segment.writeInteger(acknowledgment)
        segment.writeInteger(UInt16(minimumLength / 4) << 12 | flags & 0x0FFF)
        segment.writeInteger(window)
        segment.writeInteger(UInt16(0))
        segment.writeInteger(urgentPointer)
        segment.writeImmutableBuffer(payload)
        let pseudo = InternetChecksum.pseudoHeaderSum(source: source, destination: destination,
                                                      protocol: IPProtocol.tcp, length: total)
        segment.setInteger(InternetChecksum.checksum(segment, initial: pseudo), at: segment.readerIndex + 16)
        return segment
    }
}
