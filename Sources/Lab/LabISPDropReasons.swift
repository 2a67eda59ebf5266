import Wire

// Why a lab `isp` node did not forward a packet; its console's `show status` counts them.
extension DropReason {
    /// A session sent a packet whose source is not the address IPCP gave it.
    static let ispSpoofedSource = DropReason("isp-spoofed-source")
    /// The TTL ran out here (an ICMP time exceeded goes back).
    static let ispTTLExceeded = DropReason("isp-ttl-exceeded")
    /// Larger than the session's MRU; with DF set an ICMP fragmentation needed goes back, and the
    /// lab ISP does not fragment.
    static let ispTooBig = DropReason("isp-too-big")
    /// For a pool address no session holds.
    static let ispNoSession = DropReason("isp-no-session")
    /// Not on the upstream prefix, no route and no default gateway.
    static let ispNoRoute = DropReason("isp-no-route")
    /// The next hop never answered ARP, or too many packets waited for it.
    static let ispNoARPReply = DropReason("isp-no-arp-reply")
    /// For one of the ISP's own addresses but not a ping.
    static let ispNotForUs = DropReason("isp-not-for-us")
}
