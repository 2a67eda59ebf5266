/// IPCP configuration option types (RFC 1332 3, RFC 1877).
public enum IPCPOption {
    /// IP-Compression-Protocol (Van Jacobson): not used here.
    public static let compression: UInt8 = 2
    /// IP-Address, 4 bytes; 0.0.0.0 asks the peer to assign one in its Nak.
    public static let ipAddress: UInt8 = 3
    /// Microsoft's DNS and NBNS server extensions (RFC 1877), 4 bytes each; `ppp ipcp msext on` on an RTX.
    public static let primaryDNS: UInt8 = 129
    public static let primaryNBNS: UInt8 = 130
    public static let secondaryDNS: UInt8 = 131
    public static let secondaryNBNS: UInt8 = 132
}
