import Wire

/// Frames and packets the router refused, counted per named reason (`show status packet-drop`).
public struct DropCounters: Sendable {
    public private(set) var counts: [String: Int] = [:]

    public mutating func count(_ reason: DropReason) { counts[reason.name, default: 0] += 1 }

    public var total: Int { counts.values.reduce(0, +) }

    public subscript(_ reason: DropReason) -> Int { counts[reason.name] ?? 0 }
}

/// Reasons the router itself (not a parser) refuses something.
extension DropReason {
    public static let ethernetNotForUs = DropReason("ethernet-not-for-us")
    public static let etherTypeUnknown = DropReason("ethertype-unknown")
    public static let noInterface = DropReason("interface-not-configured")
    public static let ttlExceeded = DropReason("ttl-exceeded")
    public static let noRoute = DropReason("no-route")
    public static let arpUnresolved = DropReason("arp-unresolved")
    public static let arpQueueFull = DropReason("arp-queue-full")
    /// ARP from another station naming one of the router's own addresses as its sender.
    public static let arpOwnAddress = DropReason("arp-own-address")
    /// A packet for a new next hop while `ARPCache.pendingLimit` resolutions are in progress.
    public static let arpResolutionsFull = DropReason("arp-resolutions-full")
    public static let fragmentUnsupported = DropReason("ipv4-fragment")
    /// An incomplete datagram pushed out so a newer fragment fits the reassembly budget.
    public static let reassemblyBudget = DropReason("ipv4-reassembly-budget")
    public static let reassemblyTooManyFragments = DropReason("ipv4-reassembly-too-many-fragments")
    public static let reassemblyTimeout = DropReason("ipv4-reassembly-timeout")
    /// A fragment overlapping one already held, or moving the datagram's end: the whole datagram goes.
    public static let fragmentOverlap = DropReason("ipv4-fragment-overlap")
    public static let fragmentDuplicate = DropReason("ipv4-fragment-duplicate")
    /// Empty, or not the last and not a multiple of 8 bytes (RFC 791).
    public static let fragmentMalformed = DropReason("ipv4-fragment-malformed")
    public static let reassemblyOversize = DropReason("ipv4-reassembly-oversize")
    public static let fragmentNeeded = DropReason("ipv4-fragment-needed")
    public static let natNoMapping = DropReason("nat-no-mapping")
    public static let natPortsExhausted = DropReason("nat-ports-exhausted")
    /// A new session from an inner host that holds `nat descriptor masquerade session limit` already.
    public static let natSessionLimit = DropReason("nat-session-limit")
    public static let natUnsupportedProtocol = DropReason("nat-unsupported-protocol")
    public static let martianSource = DropReason("ipv4-martian-source")
    /// To 0.0.0.0/8 or 127.0.0.0/8.
    public static let martianDestination = DropReason("ipv4-martian-destination")
    /// To the directed broadcast of a network the packet arrived from elsewhere for.
    public static let directedBroadcast = DropReason("ipv4-directed-broadcast")
    /// A packet with a source-route option while `ip filter source-route on` (the default).
    public static let sourceRoute = DropReason("ipv4-source-route")
    /// An ICMP error the router would have sent over its rate (`ICMPErrorLimit`).
    public static let icmpErrorRateLimited = DropReason("icmp-error-rate-limited")
    /// An echo request to a broadcast address, left unanswered.
    public static let echoToBroadcast = DropReason("icmp-echo-to-broadcast")
    public static let udpNoListener = DropReason("udp-no-listener")
    public static let tunnelDown = DropReason("tunnel-down")
    /// A PPPoE frame on a port no `pp` uses with `pppoe use`.
    public static let pppoeNotBound = DropReason("pppoe-not-bound")
    /// A packet routed to a pp whose PPPoE session is not up (one for an on-demand pp dials it).
    public static let ppDown = DropReason("pp-down")
}

extension DropReason {
    public static let ipProtocolUnsupported = DropReason("ip-protocol-unsupported")
}
