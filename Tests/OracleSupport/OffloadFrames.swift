import NIOCore
import Wire

/// Test frames shared by the Wire and lab tests. Frames as Linux hands them to a device with offloads on: a TCP super-frame (TSO/GRO) or a single
/// segment with its checksum left partial, and a UDP GSO frame. Their partial checksum fields hold the
/// pseudo-header's sum, as the kernel leaves them.
public enum OffloadFrames {
    public static let mac1 = MACAddress(0x0211_2233_4401), mac2 = MACAddress(0x0211_2233_4402)
    public static let a1 = IPv4Address(192, 168, 100, 10), a2 = IPv4Address(192, 168, 100, 17)

    /// Payload bytes that show where each came from: byte i is i mod 251.
    public static func payload(_ count: Int) -> ByteBuffer {
        var buffer = ByteBuffer()
        for i in 0..<count { buffer.writeInteger(UInt8(i % 251)) }
        return buffer
    }

    /// IPv4/TCP with a timestamp option (32-byte header) and `payloadLength` bytes, ACK (PSH too with `push`) plus `flags`,
    /// DF set, checksum partial. Offsets count from the Ethernet header.
    public static func tcp(payloadLength: Int, segmentSize: Int?, flags: UInt8 = 0, push: Bool = true, sequence: UInt32 = 0xFFFF_F000,
                    source: IPv4Address = a1, destination: IPv4Address = a2,
                    sourceMAC: MACAddress = mac1, destinationMAC: MACAddress = mac2) -> (ByteBuffer, FrameOffload) {
        var tcp = ByteBuffer()
        tcp.writeInteger(UInt16(40000)); tcp.writeInteger(UInt16(5201))
        tcp.writeInteger(sequence); tcp.writeInteger(UInt32(0x1000))
        tcp.writeInteger(UInt8(8 << 4)); tcp.writeInteger(UInt8(push ? 0x18 : 0x10) | flags)
        tcp.writeInteger(UInt16(502)); tcp.writeInteger(UInt16(0)); tcp.writeInteger(UInt16(0))
        tcp.writeBytes([1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2])   // NOP NOP timestamps
        tcp.writeImmutableBuffer(payload(payloadLength))
        let pseudo = InternetChecksum.pseudoHeaderSum(source: source, destination: destination, protocol: IPProtocol.tcp,
                                                      length: tcp.readableBytes)
        tcp.setInteger(UInt16(pseudo), at: 16)
        let ip = IPv4Header.packet(source: source, destination: destination, protocol: IPProtocol.tcp, ttl: 64,
                                   identification: 0xFFFE, dontFragment: true, payload: tcp)
        let frame = EthernetHeader.frame(destination: destinationMAC, source: sourceMAC, etherType: EtherType.ipv4, payload: ip)
        return (frame, FrameOffload(checksum: .init(start: 34, offset: 16), segmentation: segmentSize.map { _ in .tcpIPv4 },
                                    segmentSize: segmentSize ?? 0))
    }

    /// IPv4/UDP GSO: `count` datagrams of `size` bytes in one, checksum partial.
    public static func udp(count: Int, size: Int, last: Int) -> (ByteBuffer, FrameOffload) {
        let length = UDPHeader.length + (count - 1) * size + last
        var udp = ByteBuffer()
        udp.writeInteger(UInt16(1701)); udp.writeInteger(UInt16(1701))
        udp.writeInteger(UInt16(length)); udp.writeInteger(UInt16(0))
        udp.writeImmutableBuffer(payload(length - UDPHeader.length))
        let pseudo = InternetChecksum.pseudoHeaderSum(source: a1, destination: a2, protocol: IPProtocol.udp, length: length)
        udp.setInteger(UInt16(pseudo), at: 6)
        let ip = IPv4Header.packet(source: a1, destination: a2, protocol: IPProtocol.udp, ttl: 64, identification: 7, payload: udp)
        let frame = EthernetHeader.frame(destination: mac2, source: mac1, etherType: EtherType.ipv4, payload: ip)
        return (frame, FrameOffload(checksum: .init(start: 34, offset: 6), segmentation: .udpL4, segmentSize: size))
    }

    /// IPv6/TCP (20-byte header) super-frame, checksum partial.
    public static func tcp6(payloadLength: Int, segmentSize: Int) -> (ByteBuffer, FrameOffload) {
        let source: [UInt8] = [0xFE, 0x80] + Array(repeating: 0, count: 13) + [1]
        let destination: [UInt8] = [0xFE, 0x80] + Array(repeating: 0, count: 13) + [2]
        var tcp = ByteBuffer()
        tcp.writeInteger(UInt16(40000)); tcp.writeInteger(UInt16(80))
        tcp.writeInteger(UInt32(1)); tcp.writeInteger(UInt32(1))
        tcp.writeInteger(UInt8(5 << 4)); tcp.writeInteger(UInt8(0x10))
        tcp.writeInteger(UInt16(1000)); tcp.writeInteger(UInt16(0)); tcp.writeInteger(UInt16(0))
        tcp.writeImmutableBuffer(payload(payloadLength))
        var frame = ByteBuffer()
        EthernetHeader(destination: mac2, source: mac1, etherType: FrameLayout.ipv6).write(to: &frame)
        frame.writeInteger(UInt32(0x6000_0000)); frame.writeInteger(UInt16(tcp.readableBytes))
        frame.writeInteger(IPProtocol.tcp); frame.writeInteger(UInt8(64))
        frame.writeBytes(source); frame.writeBytes(destination)
        frame.writeImmutableBuffer(tcp)
        let layout = FrameLayout(frame)!
        frame.setInteger(UInt16(layout.pseudoHeaderSum(in: frame, transportLength: tcp.readableBytes)), at: 54 + 16)
        return (frame, FrameOffload(checksum: .init(start: 54, offset: 16), segmentation: .tcpIPv6, segmentSize: segmentSize))
    }

    /// A finished Ethernet frame's IPv4 header, TCP header and payload; throws unless both checksums are right.
    public static func tcpSegment(_ frame: ByteBuffer) throws -> (IPv4Header, TCPHeader, ByteBuffer) {
        let (_, packet) = try EthernetHeader.parse(frame)
        let (ip, segment) = try IPv4Header.parse(packet)
        let (tcp, payload) = try TCPHeader.parse(segment, source: ip.source, destination: ip.destination)
        return (ip, tcp, payload)
    }
}
