import DNS
import Wire

/// `show status table` (SoftRTX's own): every table the network can grow, with its bound and how
/// often the bound refused an entry, so a flood shows as a full table rather than as memory.
extension Router {
    func showStatusTable() -> String {
        var text = ""
        func row(_ label: String, _ used: Int, _ limit: Int, refused: Int? = nil, evicted: Int? = nil) {
            text += "\(label): \(used) of \(limit)" + (refused.map { ", \($0) refused" } ?? "")
                + (evicted.map { ", \($0) evicted" } ?? "") + "\n"
        }
        row("ARP entries", arp.entries.count, ARPCache.limit, refused: arp.refused)
        row("ARP resolutions in progress", arp.pending.count, ARPCache.pendingLimit, refused: drops[.arpResolutionsFull])
        row("Bridge MAC addresses", fdb.entries.count, ForwardingDatabase.limit, refused: fdb.refused)
        for (member, used) in fdb.perMember.sorted(by: { $0.key < $1.key }) {
            row("Bridge MAC addresses on \(member)", used, ForwardingDatabase.memberLimit)
        }
        row("IPv4 reassembly bytes", reassembly.used, IPv4Reassembly.budget, refused: drops[.reassemblyBudget])
        row("IPv4 reassembly datagrams", reassembly.datagrams, IPv4Reassembly.budget / (2 * IPv4Reassembly.overhead))
        for (name, nat) in masquerades.sorted(by: { $0.key < $1.key }) {
            // One pool of outer ports per protocol: TCP, UDP and ICMP echo.
            let size = [IPProtocol.tcp, IPProtocol.udp, IPProtocol.icmp].reduce(0) { $0 + nat.pool.size(of: $1) }
            row("NAT descriptor \(nat.descriptor) sessions (\(name))", nat.mappings.count, size,
                refused: drops[.natPortsExhausted] + drops[.natSessionLimit], evicted: nat.evicted)
            if let (host, sessions) = nat.sessionsPerHost.max(by: { $0.value < $1.value }) {
                row("NAT descriptor \(nat.descriptor) sessions of the busiest host (\(host))", sessions, nat.sessionLimit)
            }
        }
        let scopeSize = dhcpScopes.reduce(0) { total, scope in
            total + Int(scope.range.upperBound.value - scope.range.lowerBound.value) + 1
        }
        if !dhcpScopes.isEmpty { row("DHCP addresses tracked", dhcpServer.count, scopeSize) }
        text += filterTableRows()
        row("DNS pending queries", dnsProxy.pending.count, dnsProxy.pending.limit, refused: drops[.dnsPendingFull])
        row("DNS TCP connections", dnsTCP.count, dnsTCP.limit, refused: drops[.dnsTCPConnectionsFull])
        row("DNS cache entries", dnsProxy.cache.count, dnsProxy.cache.capacity, evicted: dnsProxy.cache.evicted)
        row("Log lines", log.entries.count, Syslog.capacity, evicted: log.appended - log.entries.count)
        return text
    }
}
