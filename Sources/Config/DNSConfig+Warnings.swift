extension Config {
    /// Lines SoftRTX keeps but cannot act on yet, so a config relying on them gets no upstream DNS
    /// server from them; `softrtx check` prints them as warnings. `dns server` comes before `dns
    /// server dhcp` in the reference's order, so with it set that is not used anyway. (`dns server pp`
    /// acts: a PPPoE PP learns its DNS servers by IPCP.)
    public var dnsWarnings: [String] {
        guard dns.effectiveService == .recursive else { return [] }
        var warnings: [String] = []
        let answer = "queries the router cannot answer itself get SERVFAIL"
        if dns.servers.isEmpty, let dhcp = dns.serverDHCP {
            warnings.append("dns server dhcp \(dhcp.interface): SoftRTX has no DHCP client on its own interfaces yet, so no DNS server "
                            + "is learned there: \(answer)")
        }
        for (id, select) in dns.serverSelects.sorted(by: { $0.key < $1.key }) {
            if let pp = select.restrictPP {
                warnings.append("dns server select \(id): restrict pp \(pp): SoftRTX does not restrict a table to a PP yet, so this table is never chosen")
                continue
            }
            switch select.target {
            case .pp(let peer, _, nil):
                warnings.append("dns server select \(id): SoftRTX does not take a select table's servers from pp \(peer) yet and no "
                                + "default server is given: the queries it matches get SERVFAIL")
            case .dhcp(let interface, _, nil):
                warnings.append("dns server select \(id): SoftRTX has no DHCP client on \(interface) yet and no default server is "
                                + "given: the queries it matches get SERVFAIL")
            default:
                break
            }
        }
        return warnings
    }
}
