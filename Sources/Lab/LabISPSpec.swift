import PPP
import Wire

/// A lab `isp` node as its lab file describes it: a PPPoE access concentrator on port `access`
/// (a FLET'S-like subscriber side) and a routed Ethernet port `upstream`.
public struct LabISPSpec: Sendable, Equatable {
    public var acName: String
    /// When set, PADIs asking for another service get no PADO (an empty Service-Name asks for any).
    public var serviceName: String?
    public var auth: PPPAuthProtocol
    /// Username -> password.
    public var users: [String: String]
    /// The access concentrator's own address, the far end every session sees in IPCP.
    public var address: IPv4Address
    /// Addresses handed out, next-fit: a reconnect gets the address after the last one given.
    public var pool: ClosedRange<IPv4Address>
    /// Announced by IPCP (RFC 1877 primary and secondary DNS).
    public var dns: [IPv4Address]
    public var mru: Int
    /// LCP echo interval; nil sends none.
    public var keepalive: Duration?
    public var maxSessions: Int
    /// The most `max-sessions` may give: a lab's subscribers are a handful of routers.
    public static let sessionLimit = 1024
    public var upstream: Upstream?
    public var dynamicDNS: DynamicDNS?

    public struct Upstream: Sendable, Equatable {
        public var address: IPv4Prefix
        public var gateway: IPv4Address?
        /// Prefixes reached through a neighbour on the upstream segment, besides the default.
        public var routes: [Route]

        public struct Route: Sendable, Equatable {
            public var prefix: IPv4Prefix
            public var gateway: IPv4Address
        }
    }

    /// Each user's current address published as an A record in a lab `dns` node, as a dynamic DNS
    /// service does, so routers that reconnect with a new address can still find each other.
    public struct DynamicDNS: Sendable, Equatable {
        /// The `dns` node that holds the records.
        public var server: String
        /// Username -> the name its address is published under.
        public var names: [String: DNSName]
    }
}
