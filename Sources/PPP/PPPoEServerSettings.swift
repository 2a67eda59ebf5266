import Wire

/// What an access concentrator offers and checks: its name and service, the users it knows, how
/// they authenticate, and the addresses and DNS servers IPCP hands out.
public struct PPPoEServerSettings: Equatable, Sendable {
    /// AC-Name in every PADO.
    public var acName: String
    /// The service offered; nil serves whatever a PADI asks for (including "any", the empty name).
    public var serviceName: String?
    /// Username -> password (PAP compares it, CHAP hashes it with the challenge).
    public var users: [String: String] = [:]
    /// What LCP asks the peer to authenticate with.
    public var auth: PPPAuthProtocol = .chap
    /// Our IPCP address: the far end every session sees.
    public var localAddress: IPv4Address
    public var pool: ClosedRange<IPv4Address>
    /// Primary and secondary DNS (RFC 1877), Nak'ed to a peer that asks; an empty list rejects the options.
    public var dns: [IPv4Address] = []
    /// Our LCP MRU; 1454 is what FLET'S (NTT's NGN) asks subscribers' routers to use.
    public var mru = 1454
    /// LCP Echo-Request interval; nil sends none (we still answer the peer's).
    public var echoInterval: Duration? = .seconds(10)
    /// Unanswered echo requests in a row after which the session is dropped.
    public var echoFailures = 3
    /// Sessions held at once, in any phase; further PADIs get no PADO.
    public var maxSessions = 64
    /// RFC 1661 4.6 Restart timer and counters, for LCP and IPCP; CHAP challenges go with the same
    /// timer, Max-Configure times.
    public var timing = PPPNegotiationTiming()

    public init(acName: String, localAddress: IPv4Address, pool: ClosedRange<IPv4Address>) {
        self.acName = acName
        self.localAddress = localAddress
        self.pool = pool
    }
}
