import Config
import Wire

/// What the proxy does, derived from the `dns ...` lines by the router (which knows the interfaces
/// and what `dns server dhcp` / `pp` resolve to).
public struct DNSProxySettings: Sendable {
    /// Upstream servers in the order they are tried.
    public var servers: [IPv4Address] = []
    /// `dns server select` tables by ID, each with the servers it stands for now.
    public var selects: [(select: DNSServerSelect, servers: [IPv4Address])] = []
    public var records = DNSStaticRecords()
    public var privateAddressSpoof = false
    public var aaaaFilter = false
    public var cacheUse = true
    public var cacheMaxEntry = 256
    public var sourcePorts: ClosedRange<UInt16> = 10000...10999

    public init() {}

    /// The settings a config gives, with `servers` the upstream servers the caller resolved.
    public init(_ dns: DNSConfig, servers: [IPv4Address]) {
        self.servers = servers
        // SoftRTX has no PPP and no DHCP client of its own yet: a `pp` or `dhcp` table stands for its
        // default server, and a table restricted to a pp connection is never chosen.
        selects = dns.serverSelects.sorted { $0.key < $1.key }.compactMap { _, select in
            guard select.restrictPP == nil else { return nil }
            let servers: [IPv4Address] = switch select.target {
            case .servers(let list): list.map(\.address)
            case .pp(_, _, let fallback), .dhcp(_, _, let fallback): fallback.map { [$0.address] } ?? []
            case .reject: []
            }
            return (select, servers)
        }
        records = DNSStaticRecords(dns)
        privateAddressSpoof = dns.effectivePrivateAddressSpoof
        aaaaFilter = dns.effectiveAAAAFilter
        cacheUse = dns.effectiveCacheUse
        cacheMaxEntry = dns.effectiveCacheMaxEntry
        sourcePorts = dns.effectiveSourcePorts
    }
}
