import Wire

/// An interface the IP layer sees: a LAN port on its own, or `bridge1` standing for its members.
struct IPInterface {
    var name: String
    var mac: MACAddress
    var address: IPv4Prefix?
    var proxyARP = false
    var natDescriptor: Int?
    /// `ip IF tcp mss limit`, worked out: the largest MSS a SYN routed in or out of it may carry.
    var tcpMSSLimit: Int?
    /// Physical ports or tunnels frames of this interface leave through (more than one for a bridge).
    var members: [String]
    /// Its slot in the filter engine when it has `secure filter` lists or intrusion detection; nil costs one branch.
    var filterSlot: Int?
    /// N of `pp N`: a PPPoE link, with no ARP and no members; its packets leave through its `PPBinding`.
    var pp: Int?
    /// The largest IP packet it sends whole: 1,500 on Ethernet, the negotiated MTU on a PPPoE link.
    var mtu = IPv4Fragmenter.ethernetMTU

    var isBridge: Bool { name.hasPrefix("bridge") }

    /// Name as `show` commands print it: LAN1, BRIDGE1, TUNNEL[1].
    var displayName: String {
        if name.hasPrefix("tunnel") { return "TUNNEL[\(name.dropFirst(6))]" }
        if let pp { return Router.ppLabel(pp) }
        return name.uppercased()
    }
}
