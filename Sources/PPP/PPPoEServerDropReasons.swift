import Wire

// Why the access concentrator refused a frame (counted by its caller, e.g. the lab `isp` node).
extension DropReason {
    /// An EtherType other than PPPoE discovery or session given to the server.
    public static let pppoeNotPPPoE = DropReason("pppoe-not-pppoe")
    /// A discovery packet from a multicast or broadcast MAC (RFC 2516 5: the source is the host's unicast address).
    public static let pppoeGroupSource = DropReason("pppoe-group-source")
    /// PADO or PADS sent to an access concentrator.
    public static let pppoeUnexpectedCode = DropReason("pppoe-unexpected-code")
    /// A PADI without the Service-Name tag RFC 2516 5.1 requires.
    public static let pppoeNoServiceName = DropReason("pppoe-no-service-name")
    /// A PADI or PADR for a service this concentrator does not offer.
    public static let pppoeServiceUnavailable = DropReason("pppoe-service-unavailable")
    /// Every session slot is taken.
    public static let pppoeServerFull = DropReason("pppoe-server-full")
    /// A PADR whose AC-Cookie is not the one our PADO gave its MAC.
    public static let pppoeBadCookie = DropReason("pppoe-bad-cookie")
    /// A session frame or PADT for a session id this MAC does not hold.
    public static let pppoeUnknownSession = DropReason("pppoe-unknown-session")
    /// IPv4 from a session whose IPCP is not opened.
    public static let pppNetworkNotOpen = DropReason("ppp-network-not-open")
    /// A PAP or CHAP packet out of place: before LCP opened, after success, or of the protocol not asked for.
    public static let pppUnexpectedAuth = DropReason("ppp-unexpected-auth")
    /// A CHAP Response whose identifier is not that of our outstanding challenge.
    public static let chapStaleResponse = DropReason("chap-stale-response")
}
