import Wire

// Why the access concentrator refused a frame (counted by its caller, e.g. the lab `isp` node).
extension DropReason {
    /// An EtherType other than PPPoE discovery or session given to the server.
    public static let pppoeNotPPPoE = DropReason("pppoe-not-pppoe")
    /// A discovery packet from a multicast or broadcast MAC (RFC 2516 5: the source is the host's unicast address).
    public static let pppoeGroupSource = DropReason("pppoe-group-source")
    /// A PADI without the Service-Name tag RFC 2516 5.1 requires.
    public static let pppoeNoServiceName = DropReason("pppoe-no-service-name")
    /// A PADI or PADR for a service this concentrator does not offer.
    public static let pppoeServiceUnavailable = DropReason("pppoe-service-unavailable")
    /// Every session slot is taken.
    public static let pppoeServerFull = DropReason("pppoe-server-full")
    /// A PADR whose AC-Cookie is not the one our PADO gave its MAC.
    public static let pppoeBadCookie = DropReason("pppoe-bad-cookie")
    /// A CHAP Response whose identifier is not that of our outstanding challenge.
    public static let chapStaleResponse = DropReason("chap-stale-response")
}
