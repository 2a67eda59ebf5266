import Config
import Wire

/// What the proxy does, derived from the `dns ...` lines by the router (which knows the interfaces
/// and what `dns server dhcp` / `pp` resolve to).
public struct DNSProxySettings: Equatable, Sendable {
    /// Upstream servers in the order they are tried.
    public var servers: [IPv4Address] = []
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
        records = DNSStaticRecords(dns)
        privateAddressSpoof = dns.effectivePrivateAddressSpoof
        aaaaFilter = dns.effectiveAAAAFilter
        cacheUse = dns.effectiveCacheUse
        cacheMaxEntry = dns.effectiveCacheMaxEntry
        sourcePorts = dns.effectiveSourcePorts
    }
}
