import NIOCore
import Wire

/// RFC 791 fragmentation at an Ethernet link's MTU. The router needs it for its own L2TPv3
/// packets: a full-size frame bridged into the tunnel grows by its encapsulation past 1,500 bytes,
/// and an RTX sends such a packet in fragments rather than dropping it.
enum IPv4Fragmenter {
    static let ethernetMTU = 1500

    /// The packet in pieces of at most `mtu` bytes, or nil when it must not be split (DF set).
    /// Options stay on the first fragment only; the router's own packets carry none.
    static func fragments(of packet: ByteBuffer, mtu: Int = ethernetMTU) -> [ByteBuffer]? {
        guard packet.readableBytes > mtu else { return [packet] }
        guard let (header, payload) = try? IPv4Header.parse(packet), !header.dontFragment else { return nil }
        let baseOffset = Int(header.flagsAndFragmentOffset & 0x1FFF) * 8
        let moreAfter = header.flagsAndFragmentOffset & IPv4Header.moreFragmentsFlag != 0
        var pieces: [ByteBuffer] = []
        var offset = 0
        while offset < payload.readableBytes {
            var piece = header
            if !pieces.isEmpty { piece.options = [] }
            let room = (mtu - piece.headerLength) / 8 * 8
            let length = min(room, payload.readableBytes - offset)
            let last = offset + length == payload.readableBytes
            piece.flagsAndFragmentOffset = UInt16((baseOffset + offset) / 8) | (last && !moreAfter ? 0 : IPv4Header.moreFragmentsFlag)
            piece.totalLength = UInt16(piece.headerLength + length)
            var buffer = ByteBufferAllocator().buffer(capacity: Int(piece.totalLength))
            piece.write(to: &buffer)
            guard let data = payload.getSlice(at: payload.readerIndex + offset, length: length) else { return nil }
            buffer.writeImmutableBuffer(data)
            pieces.append(buffer)
            offset += length
        }
        return pieces
    }
}
