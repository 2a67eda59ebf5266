extension Config {
    /// Lines SoftRTX keeps but cannot act on yet, so a config relying on them gives no upstream DNS
    /// server; `softrtx check` prints them as warnings. `dns server` comes first in the reference's
    /// order, so with it set the other two would not be used anyway.
    public var dnsWarnings: [String] {
        guard dns.servers.isEmpty, dns.effectiveService == .recursive else { return [] }
        var warnings: [String] = []
        if let pp = dns.serverPP {
            warnings.append("dns server pp \(pp.peer): SoftRTX has no PPP yet, so no IPCP DNS server: queries the router "
                            + "cannot answer itself get SERVFAIL")
        }
        if let dhcp = dns.serverDHCP {
            warnings.append("dns server dhcp \(dhcp.interface): SoftRTX has no DHCP client on its own interfaces yet, so no DNS server "
                            + "is learned there: queries the router cannot answer itself get SERVFAIL")
        }
        return warnings
    }
}
