import NIOCore

/// Where the headers of an IP frame sit, read with checked lengths and nothing else validated: what
/// segmentation, checksum completion, MSS clamping and coalescing need to find. One 802.1Q tag is
/// looked through; IPv6 extension headers are not (their transport is unknown here).
public struct FrameLayout: Hashable, Sendable {
    /// Offset of the IP header from the frame's first byte.
    public var network: Int
    public var isIPv6: Bool
    /// Offset of the transport header.
    public var transport: Int
    public var `protocol`: UInt8
    /// Offset just past the IP packet: Ethernet padding lies beyond it.
    public var end: Int

    public static let ipv6: UInt16 = 0x86DD

    /// `ipAt`: the IP header's offset when the buffer holds no Ethernet header to read it from.
    public init?(_ frame: ByteBuffer, ipAt: Int? = nil) {
        var network = EthernetHeader.length
        var type: UInt16
        if let ipAt {
            guard frame.readableBytes > ipAt else { return nil }
            network = ipAt
            type = frame.wireU8(ipAt) >> 4 == 6 ? FrameLayout.ipv6 : EtherType.ipv4
        } else {
            guard frame.readableBytes >= EthernetHeader.length else { return nil }
            type = frame.wireU16(12)
        }
        if ipAt == nil, type == EtherType.vlan {
            guard frame.readableBytes >= 18 else { return nil }
            type = frame.wireU16(16)
            network = 18
        }
        switch type {
        case EtherType.ipv4:
            guard frame.readableBytes >= network + IPv4Header.minimumLength, frame.wireU8(network) >> 4 == 4 else { return nil }
            let headerLength = Int(frame.wireU8(network) & 0x0F) * 4
            let total = Int(frame.wireU16(network + 2))
            guard headerLength >= IPv4Header.minimumLength, total >= headerLength, network + total <= frame.readableBytes else { return nil }
            self.init(network: network, isIPv6: false, transport: network + headerLength, protocol: frame.wireU8(network + 9),
                      end: network + total)
        case FrameLayout.ipv6:
            guard frame.readableBytes >= network + 40, frame.wireU8(network) >> 4 == 6 else { return nil }
            let end = network + 40 + Int(frame.wireU16(network + 4))
            guard end <= frame.readableBytes else { return nil }
            self.init(network: network, isIPv6: true, transport: network + 40, protocol: frame.wireU8(network + 6), end: end)
        default:
            return nil
        }
    }

    init(network: Int, isIPv6: Bool, transport: Int, protocol: UInt8, end: Int) {
        self.network = network
        self.isIPv6 = isIPv6
        self.transport = transport
        self.protocol = `protocol`
        self.end = end
    }

    /// The transport header's length: TCP's data offset, UDP's 8; nil when it does not fit the packet.
    public func transportHeaderLength(in frame: ByteBuffer) -> Int? {
        switch `protocol` {
        case IPProtocol.tcp:
            guard transport + TCPHeader.minimumLength <= end else { return nil }
            let length = Int(frame.wireU8(transport + 12) >> 4) * 4
            return length >= TCPHeader.minimumLength && transport + length <= end ? length : nil
        case IPProtocol.udp:
            return transport + UDPHeader.length <= end ? UDPHeader.length : nil
        default:
            return nil
        }
    }

    /// The pseudo-header's sum (RFC 768/793, RFC 8200 8.1) for a transport length, the addresses read from the frame.
    public func pseudoHeaderSum(in frame: ByteBuffer, transportLength: Int) -> UInt32 {
        let addresses = isIPv6 ? frame.wireSlice(network + 8, 32) : frame.wireSlice(network + 12, 8)
        let sum = InternetChecksum.sum(addresses) + UInt64(`protocol`) + UInt64(transportLength >> 16) + UInt64(transportLength & 0xFFFF)
        return UInt32(InternetChecksum.fold(sum))
    }
}
