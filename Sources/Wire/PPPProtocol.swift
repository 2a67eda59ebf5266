/// PPP protocol field values (RFC 1661 2, IANA "PPP DLL Protocol Numbers") that a PPPoE session carries.
public enum PPPProtocol {
    public static let ipv4: UInt16 = 0x0021
    public static let ipv6: UInt16 = 0x0057
    /// Link Control Protocol (RFC 1661).
    public static let lcp: UInt16 = 0xC021
    /// Password Authentication Protocol (RFC 1334).
    public static let pap: UInt16 = 0xC023
    /// Challenge Handshake Authentication Protocol (RFC 1994).
    public static let chap: UInt16 = 0xC223
    /// IP Control Protocol (RFC 1332).
    public static let ipcp: UInt16 = 0x8021
    /// Compression Control Protocol (RFC 1962).
    public static let ccp: UInt16 = 0x80FD
    /// IPv6 Control Protocol (RFC 5072).
    public static let ipv6cp: UInt16 = 0x8057
}
