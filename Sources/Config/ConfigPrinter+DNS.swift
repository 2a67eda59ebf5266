import Wire

extension ConfigPrinter {
    /// The DNS lines, after the DHCP lines as an RTX shows them.
    func dnsLines() -> [String] {
        let dns = config.dns
        var lines: [String] = []
        if let hosts = dns.hosts { lines.append("dns host " + hostsText(hosts)) }
        if let service = dns.service { lines.append("dns service \(service.rawValue)") }
        if let fallback = dns.fallback { lines.append("dns service fallback \(fallback ? "on" : "off")") }
        if let filter = dns.aaaaFilter { lines.append("dns service aaaa filter \(filter ? "on" : "off")") }
        if !dns.servers.isEmpty {
            lines.append("dns server " + dns.servers.map { "\($0.address)" + ednsText($0.edns) }.joined(separator: " "))
        }
        if let pp = dns.serverPP { lines.append("dns server pp \(pp.peer)" + ednsText(pp.edns)) }
        if let dhcp = dns.serverDHCP { lines.append("dns server dhcp \(dhcp.interface)" + ednsText(dhcp.edns)) }
        for (id, select) in dns.serverSelects.sorted(by: { $0.key < $1.key }) { lines.append("dns server select \(id) " + selectText(select)) }
        if let domain = dns.domain { lines.append("dns domain " + (domain.isEmpty ? "." : domain)) }
        for (name, host) in dns.ipHosts.sorted(by: { $0.key.text < $1.key.text }) {
            lines.append("ip host \(name.text) \(host.address)" + (host.ttl.map { " ttl=\($0)" } ?? ""))
        }
        let statics = dns.statics.sorted {
            ($0.key.type.sortIndex, $0.key.name.text) < ($1.key.type.sortIndex, $1.key.name.text)
        }
        for (key, value) in statics {
            let name = key.type == .ptr ? key.name.reverseIPv4.map(\.description) ?? key.name.text : key.name.text
            let text = switch value.value {
            case .ipv4(let address): address.description
            case .ipv6(let address): address.description
            case .name(let target): target.text
            }
            lines.append("dns static \(key.type.rawValue) \(name) \(text)" + (value.ttl.map { " ttl=\($0)" } ?? ""))
        }
        for proto in DNSNoticeProtocol.allCases {
            guard let servers = dns.noticeOrder[proto] else { continue }
            lines.append("dns notice order \(proto.rawValue) " + servers.map(\.rawValue).joined(separator: " "))
        }
        if let spoof = dns.privateAddressSpoof { lines.append("dns private address spoof \(spoof ? "on" : "off")") }
        if let ports = dns.sourcePorts {
            lines.append("dns srcport \(ports.lowerBound)" + (ports.count > 1 ? "-\(ports.upperBound)" : ""))
        }
        if let use = dns.cacheUse { lines.append("dns cache use \(use ? "on" : "off")") }
        if let entries = dns.cacheMaxEntry { lines.append("dns cache max entry \(entries)") }
        return lines
    }

    private func selectText(_ select: DNSServerSelect) -> String {
        func server(_ s: DNSServerAddress) -> String { "\(s.address)" + ednsText(s.edns) }
        var words: [String] = []
        switch select.target {
        case .servers(let servers): words += servers.map(server)
        case let .pp(peer, edns, fallback): words += ["pp \(peer)" + ednsText(edns)] + (fallback.map { [server($0)] } ?? [])
        case let .dhcp(interface, edns, fallback): words += ["dhcp \(interface)" + ednsText(edns)] + (fallback.map { [server($0)] } ?? [])
        case .reject: words.append("reject")
        }
        if let type = select.type { words.append(type) }
        switch select.query {
        case .domain(let name): words.append(name.text)
        case .network(let network): words.append(network.length == 32 ? "\(network.address)" : "\(network)")
        case .pattern(let pattern): words.append(pattern)
        }
        if let sender = select.sender {
            words.append(sender.lowerBound == sender.upperBound ? "\(sender.lowerBound)" : "\(sender.lowerBound)-\(sender.upperBound)")
        }
        if let pp = select.restrictPP { words.append("restrict pp \(pp)") }
        return words.joined(separator: " ")
    }

    private func ednsText(_ edns: Bool?) -> String { edns.map { " edns=\($0 ? "on" : "off")" } ?? "" }

    private func hostsText(_ hosts: DNSHostAccess) -> String {
        switch hosts {
        case .any: "any"
        case .none: "none"
        case .lan: "lan"
        case .list(let items):
            items.map { item in
                switch item {
                case let .range(first, last): first == last ? "\(first)" : "\(first)-\(last)"
                case .interface(let name): "\(name)"
                }
            }.joined(separator: " ")
        }
    }
}

extension DNSStaticType {
    /// The order of the reference's list: a, aaaa, ptr, mx, ns, cname.
    var sortIndex: Int { DNSStaticType.allCases.firstIndex(of: self) ?? 0 }
}
