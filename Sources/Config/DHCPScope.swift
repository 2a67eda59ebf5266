import Wire

/// `dhcp scope N FIRST-LAST/LEN [gateway A] [expire HH:MM]`.
public struct DHCPScope: Equatable, Sendable {
    public static let ids = 1...65535

    public var first: IPv4Address
    public var last: IPv4Address
    public var prefixLength: Int
    public var gateway: IPv4Address?
    public var lease: DHCPLeaseTime?

    public init(first: IPv4Address, last: IPv4Address, prefixLength: Int, gateway: IPv4Address? = nil, lease: DHCPLeaseTime? = nil) {
        self.first = first
        self.last = last
        self.prefixLength = prefixLength
        self.gateway = gateway
        self.lease = lease
    }

    public var network: IPv4Prefix { IPv4Prefix(address: first, length: prefixLength) }
    public var effectiveLease: DHCPLeaseTime { lease ?? .default }
}

/// `dhcp scope option N dns=A[,A]`.
public struct DHCPScopeOptions: Equatable, Sendable {
    public var dnsServers: [IPv4Address]

    public init(dnsServers: [IPv4Address] = []) { self.dnsServers = dnsServers }
}
