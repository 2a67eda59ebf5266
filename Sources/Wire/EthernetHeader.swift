import NIOCore

/// An Ethernet II header (no 802.1Q tag handling here: a tagged frame shows `EtherType.vlan`).
public struct EthernetHeader: Hashable, Sendable {
    public var destination: MACAddress
    public var source: MACAddress
    public var etherType: UInt16

    public static let length = 14
    /// Shortest frame on the wire without the FCS; shorter frames are padded.
    public static let minimumFrameLength = 60

    public init(destination: MACAddress, source: MACAddress, etherType: UInt16) {
        self.destination = destination
        self.source = source
        self.etherType = etherType
    }

    /// Header and the payload slice after it (no copy). Padding stays in the payload: the inner protocol cuts it.
    public static func parse(_ frame: ByteBuffer) throws(DropReason) -> (header: EthernetHeader, payload: ByteBuffer) {
        guard frame.readableBytes >= length else { throw .ethernetTruncated }
        let header = EthernetHeader(destination: frame.wireMAC(0), source: frame.wireMAC(6), etherType: frame.wireU16(12))
        return (header, frame.wireSlice(length, frame.readableBytes - length))
    }

    public func write(to buffer: inout ByteBuffer) {
        buffer.writeMAC(destination)
        buffer.writeMAC(source)
        buffer.writeInteger(etherType)
    }

    /// A whole frame, payload appended and padded with zeros to the 60-byte Ethernet minimum.
    public static func frame(destination: MACAddress, source: MACAddress, etherType: UInt16, payload: ByteBuffer) -> ByteBuffer {
        let size = max(length + payload.readableBytes, minimumFrameLength)
        var frame = ByteBufferAllocator().buffer(capacity: size)
        EthernetHeader(destination: destination, source: source, etherType: etherType).write(to: &frame)
        frame.writeImmutableBuffer(payload)
        if frame.readableBytes < size { frame.writeRepeatingByte(0, count: size - frame.readableBytes) }
        return frame
    }

    /// Prepends this header to the packet in `buffer`, padding the frame to the 60-byte minimum.
    public func prepend(to buffer: inout ByteBuffer) {
        let at = buffer.claimHeadroom(EthernetHeader.length)
        buffer.setInteger(UInt32(truncatingIfNeeded: destination.value >> 16), at: at)
        buffer.setInteger(UInt16(truncatingIfNeeded: destination.value), at: at + 4)
        buffer.setInteger(UInt32(truncatingIfNeeded: source.value >> 16), at: at + 6)
        buffer.setInteger(UInt16(truncatingIfNeeded: source.value), at: at + 10)
        buffer.setInteger(etherType, at: at + 12)
        if buffer.readableBytes < EthernetHeader.minimumFrameLength {
            buffer.writeRepeatingByte(0, count: EthernetHeader.minimumFrameLength - buffer.readableBytes)
        }
    }
}
