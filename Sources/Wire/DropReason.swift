/// Why a frame or packet was refused; counted per name by the router ("ipv4-bad-checksum").
public struct DropReason: Error, Hashable, Sendable, CustomStringConvertible {
    public let name: String

    public init(_ name: String) { self.name = name }

    public var description: String { name }
}

// Wire-level reasons. Layers above add their own (e.g. "nat-no-static-mapping") the same way.
extension DropReason {
    /// Shorter than the 14-byte Ethernet header.
    public static let ethernetTruncated = DropReason("ethernet-truncated")

    /// Shorter than the 28-byte Ethernet/IPv4 ARP body.
    public static let arpTruncated = DropReason("arp-truncated")
    /// Not Ethernet/IPv4 ARP (hardware/protocol type or address sizes), or an opcode other than request/reply.
    public static let arpUnsupported = DropReason("arp-unsupported")

    /// Shorter than its header, or shorter than its total length says (as Linux counts InTruncatedPkts).
    public static let ipv4Truncated = DropReason("ipv4-truncated")
    public static let ipv4BadVersion = DropReason("ipv4-bad-version")
    /// IHL below 5 words.
    public static let ipv4BadHeaderLength = DropReason("ipv4-bad-header-length")
    /// Total length smaller than the header.
    public static let ipv4BadTotalLength = DropReason("ipv4-bad-total-length")
    public static let ipv4BadChecksum = DropReason("ipv4-bad-checksum")

    /// Shorter than the 8-byte ICMP header.
    public static let icmpTruncated = DropReason("icmp-truncated")
    public static let icmpBadChecksum = DropReason("icmp-bad-checksum")

    /// Shorter than the 8-byte UDP header.
    public static let udpTruncated = DropReason("udp-truncated")
    /// Length field below 8 or beyond the IP payload.
    public static let udpBadLength = DropReason("udp-bad-length")
    public static let udpBadChecksum = DropReason("udp-bad-checksum")

    /// Shorter than the 20-byte TCP header.
    public static let tcpTruncated = DropReason("tcp-truncated")
    /// Data offset below 5 words or beyond the segment.
    public static let tcpBadHeaderLength = DropReason("tcp-bad-header-length")
    public static let tcpBadChecksum = DropReason("tcp-bad-checksum")
}
