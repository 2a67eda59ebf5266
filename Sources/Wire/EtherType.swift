/// Ethernet type field values the router handles.
public enum EtherType {
    public static let ipv4: UInt16 = 0x0800
    public static let arp: UInt16 = 0x0806
    /// 802.1Q tag; a tagged frame's inner type follows the 4-byte tag.
    public static let vlan: UInt16 = 0x8100
    /// PPPoE Discovery stage (RFC 2516): PADI, PADO, PADR, PADS, PADT.
    public static let pppoeDiscovery: UInt16 = 0x8863
    /// PPPoE Session stage (RFC 2516): PPP frames in a session.
    public static let pppoeSession: UInt16 = 0x8864
}
