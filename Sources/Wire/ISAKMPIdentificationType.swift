/// Identification types of the IPsec DOI (RFC 2407 4.6.2.1).
public enum ISAKMPIdentificationType {
    public static let ipv4Address: UInt8 = 1
    /// `ipsec ike local name` / `remote name` (aggressive mode).
    public static let fqdn: UInt8 = 2
    public static let userFQDN: UInt8 = 3
    /// Address then mask, 8 bytes: quick mode client IDs.
    public static let ipv4AddressSubnet: UInt8 = 4
    public static let keyID: UInt8 = 11
}
