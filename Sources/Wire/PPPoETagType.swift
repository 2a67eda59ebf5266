/// PPPoE discovery tag types (RFC 2516 Appendix A).
public enum PPPoETagType {
    /// Ends the tag list; anything after it is ignored.
    public static let endOfList: UInt16 = 0x0000
    /// UTF-8 service name; empty means "any service".
    public static let serviceName: UInt16 = 0x0101
    /// The access concentrator's name (UTF-8), in a PADO.
    public static let acName: UInt16 = 0x0102
    /// Opaque bytes the host puts in PADI/PADR; the AC echoes them back, so the host can tell its replies.
    public static let hostUniq: UInt16 = 0x0103
    /// Opaque bytes the AC puts in a PADO; the host returns them in its PADR.
    public static let acCookie: UInt16 = 0x0104
    public static let vendorSpecific: UInt16 = 0x0105
    /// Added by a relay; returned unchanged in replies.
    public static let relaySessionID: UInt16 = 0x0110
    /// RFC 4638: the MTU above 1492 a host and AC may agree on.
    public static let pppMaxPayload: UInt16 = 0x0120
    public static let serviceNameError: UInt16 = 0x0201
    public static let acSystemError: UInt16 = 0x0202
    public static let genericError: UInt16 = 0x0203
}
