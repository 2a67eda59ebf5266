import Wire

/// The `dns ...` commands (RTX command reference chapter 24) and `ip host`; nil or empty is "not
/// set", and the `effective...` accessors give what an RTX uses then.
public struct DNSConfig: Equatable, Sendable {
    /// `dns service recursive|off`.
    public var service: DNSService?
    /// `dns service fallback on|off`: which address family the router's own lookups try first.
    public var fallback: Bool?
    /// `dns service aaaa filter on|off`: AAAA questions get no AAAA answer.
    public var aaaaFilter: Bool?
    /// `dns server A [edns=on|off] ...`, at most 4.
    public var servers: [DNSServerAddress] = []
    /// `dns server pp N [edns=on|off]`: the servers IPCP announces on pp N.
    public var serverPP: DNSServerSource?
    /// `dns server dhcp IF [edns=on|off]`: the servers the router's DHCP client learned on IF.
    public var serverDHCP: DNSServerInterface?
    /// `dns server select ID ...`, by ID.
    public var serverSelects: [Int: DNSServerSelect] = [:]
    /// `dns domain NAME`; `dns domain .` sets the empty name, held as "".
    public var domain: String?
    /// `dns static TYPE NAME VALUE [ttl=N]`, one value per type and name.
    public var statics: [DNSStaticKey: DNSStaticValue] = [:]
    /// `ip host FQDN ADDRESS [ttl=N]`: an A record and its PTR at once.
    public var ipHosts: [DNSName: DNSIPHost] = [:]
    /// `dns notice order PROTOCOL SERVER [SERVER]`.
    public var noticeOrder: [DNSNoticeProtocol: [DNSNoticeServer]] = [:]
    /// `dns private address spoof on|off`.
    public var privateAddressSpoof: Bool?
    /// `dns srcport P[-Q]`: the source ports of the router's queries upstream.
    public var sourcePorts: ClosedRange<UInt16>?
    /// `dns host ...`: who may query the router.
    public var hosts: DNSHostAccess?
    /// `dns cache use on|off`.
    public var cacheUse: Bool?
    /// `dns cache max entry N`.
    public var cacheMaxEntry: Int?

    public init() {}

    public static let maximumServers = 4
    public static let cacheEntries = 1...1024
    public static let ppNumbers = 1...150

    public var effectiveService: DNSService { service ?? .recursive }
    public var effectiveFallback: Bool { fallback ?? false }
    public var effectiveAAAAFilter: Bool { aaaaFilter ?? false }
    public var effectivePrivateAddressSpoof: Bool { privateAddressSpoof ?? false }
    public var effectiveSourcePorts: ClosedRange<UInt16> { sourcePorts ?? 10000...10999 }
    public var effectiveHosts: DNSHostAccess { hosts ?? .any }
    public var effectiveCacheUse: Bool { cacheUse ?? true }
    public var effectiveCacheMaxEntry: Int { cacheMaxEntry ?? 256 }
    /// `me server` for DHCP and IPCP, `me` for DHCPv6.
    public func effectiveNoticeOrder(_ proto: DNSNoticeProtocol) -> [DNSNoticeServer] {
        noticeOrder[proto] ?? (proto == .dhcpv6 ? [.me] : [.me, .server])
    }
}

public enum DNSService: String, Sendable {
    case recursive, off
}

public struct DNSServerAddress: Equatable, Sendable {
    public var address: IPv4Address
    /// `edns=on|off`; nil when not given.
    public var edns: Bool?

    public init(address: IPv4Address, edns: Bool? = nil) {
        self.address = address
        self.edns = edns
    }
}

/// `dns server pp N [edns=...]`.
public struct DNSServerSource: Equatable, Sendable {
    public var peer: Int
    public var edns: Bool?
}

/// `dns server dhcp IF [edns=...]`.
public struct DNSServerInterface: Equatable, Sendable {
    public var interface: InterfaceName
    public var edns: Bool?
}

/// The record types `dns static` takes.
public enum DNSStaticType: String, Sendable, CaseIterable {
    case a, aaaa, ptr, mx, ns, cname

    public var recordType: DNSType {
        switch self {
        case .a: .a
        case .aaaa: .aaaa
        case .ptr: .ptr
        case .mx: .mx
        case .ns: .ns
        case .cname: .cname
        }
    }
}

/// What a static record answers: a PTR's NAME is its address's reverse name.
public struct DNSStaticKey: Hashable, Sendable {
    public var type: DNSStaticType
    public var name: DNSName

    public init(type: DNSStaticType, name: DNSName) {
        self.type = type
        self.name = name
    }
}

public struct DNSStaticValue: Equatable, Sendable {
    public enum Value: Equatable, Sendable {
        case ipv4(IPv4Address)
        case ipv6(IPv6Address)
        case name(DNSName)
    }

    public var value: Value
    /// `ttl=N`; an RTX answers with TTL 1 without it.
    public var ttl: UInt32?

    public var effectiveTTL: UInt32 { ttl ?? 1 }
}

/// `ip host FQDN ADDRESS [ttl=N]`.
public struct DNSIPHost: Equatable, Sendable {
    public var address: IPv4Address
    public var ttl: UInt32?
}

public enum DNSNoticeProtocol: String, Sendable, CaseIterable {
    case dhcp, dhcpv6, msext
}

public enum DNSNoticeServer: String, Sendable {
    case none, me, server
}

/// `dns host`: the sources the router answers.
public enum DNSHostAccess: Equatable, Sendable {
    case any, none
    /// Every LAN-side network: each lanN and bridge1's own network.
    case lan
    case list([Item])

    public enum Item: Equatable, Sendable {
        case range(IPv4Address, IPv4Address)
        /// lanN or bridge1: its network, without the network and broadcast addresses.
        case interface(InterfaceName)
    }
}
