import Config
import Wire

/// `show ...`: every line printed from the router's live state.
extension Router {
    func show(_ words: [Substring]) -> String {
        switch words.joined(separator: " ") {
        case "config": return showConfig()
        case "arp": return showARP()
        case "ip route": return showIPRoute()
        case "nat descriptor address", "nat descriptor address all": return showNATAddresses(detail: false)
        case "nat descriptor address detail", "nat descriptor address all detail": return showNATAddresses(detail: true)
        case "status dhcp": return showStatusDHCP()
        case "status drop": return showDrops()
        case "ip fragment": return showIPFragment()
        case "status table": return showStatusTable()
        case "status dns": return showStatusDNS()
        case "status l2tp": return showStatusL2TP()
        case "ipsec sa": return showIPsecSA()
        case let gateway where gateway.hasPrefix("ipsec sa gateway "):
            let rest = words.dropFirst(3)
            guard let id = rest.first.flatMap({ Int($0) }), rest.count == 1 || (rest.count == 2 && rest.last == "detail") else {
                return "Error: Invalid parameter\n"
            }
            return showIPsecSAGateway(id, detail: rest.count == 2)
        case "log": return log.entries.map { "\(timestamp($0.time)): \($0.message)\n" }.joined()
        case "config unsupported": return showConfigUnsupported()
        case let status where status.hasPrefix("status lan") && words.count == 2: return showStatusLAN(String(words[1]))
        case let status where status.hasPrefix("status pp "): return showStatusPP(words.dropFirst(2))
        case let text where text.hasPrefix("ip secure filter"): return showSecureFilter(words.dropFirst(3))
        case let text where text.hasPrefix("ip connection"): return showConnection(words.dropFirst(2))
        default: return "Error: Invalid parameter\n"
        }
    }

    /// SoftRTX's own: fragments sent and received, and what it cut in software instead of fragmenting.
    func showIPFragment() -> String {
        let c = counters
        return """
        IPv4 fragments sent:            \(c.fragmentsSent) (\(c.packetsFragmented) packets fragmented)
        IPv4 fragments received:        \(c.fragmentsReceived) (\(c.datagramsReassembled) datagrams reassembled)
        Super-frames cut in software:   \(c.superFramesCut) (into \(c.segmentsCut) segments)
        TCP segments cut for a tunnel:  \(c.tcpSegmentsRecut)
        TCP SYN MSS options lowered:    \(c.mssClamped)
        Reassembly in progress:         \(reassembly.datagrams) datagrams, \(reassembly.used) of \(IPv4Reassembly.budget) bytes

        """
    }

    func showConfig() -> String {
        let macs = model.ports.compactMap { portMACs[$0]?.description }
        var text = "# \(model.name) \(Router.firmware)\n"
        text += "# MAC Address : \(macs.joined(separator: ", "))\n"
        text += "# main:  \(model.name) MAC-Address=\(macs.joined(separator: " MAC-Address="))\n"
        text += "# Reporting Date: \(RouterClock.reportingDate(now, epoch: epoch, offset: utcOffset))\n"
        for line in running.lines() { text += line + "\n" }
        return text
    }

    func showARP() -> String {
        arp.removeExpired(now: now)
        let rows = arp.entries.sorted { ($0.key.interface, $0.key.address) < ($1.key.interface, $1.key.address) }
        var text = "Interface  IP Address      MAC Address        TTL(sec)\n"
        for (key, entry) in rows {
            let ttl = (entry.expires - now).components.seconds
            text += pad(interfaces[key.interface]?.displayName ?? key.interface, 11) + pad("\(key.address)", 16)
                + "\(entry.mac)" + leftPad("\(ttl)", 10) + "\n"
        }
        return text
    }

    func showIPRoute() -> String {
        var text = "Destination         Gateway          Interface       Kind  Additional Info.\n"
        let sorted = routes.routes.sorted { ($0.destination.length == 0 ? 0 : 1, $0.destination.address) < ($1.destination.length == 0 ? 0 : 1, $1.destination.address) }
        for r in sorted {
            let destination = r.destination.length == 0 ? "default" : "\(r.destination)"
            let gateway = r.gateway.map { "\($0)" } ?? interfaces[r.interface]?.address.map { "\($0.address)" } ?? "-"
            let iface = interfaces[r.interface]?.displayName ?? r.interface
            text += pad(destination, 20) + pad(gateway, 15) + leftPad(iface, 12) + leftPad(r.kind.rawValue, 10) + "  \n"
        }
        return text
    }

    func showNATAddresses(detail: Bool) -> String {
        var text = ""
        for (ifName, var nat) in masquerades.sorted(by: { $0.value.descriptor < $1.value.descriptor }) {
            nat.expire(now: now)
            masquerades[ifName] = nat
            let iface = interfaces[ifName]?.displayName ?? ifName
            let sessions = nat.mappings.values.sorted { ($0.flow.inner, $0.outerPort) < ($1.flow.inner, $1.outerPort) }
            text += "Reference Descriptor : \(nat.descriptor), Assigned Interface : \(iface)(\(nat.descriptor))\n"
            text += "Masquerade Table\n"
            text += "    Outer address: \(nat.outer)\n"
            let ranges = nat.pool.ranges.map { "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ", ")
            text += "    Port range: \(ranges)   \(sessions.count) session.\n"
            text += "  -*-    -*-    -*-    -*-    -*-    -*-    -*-    -*-    -*-    -*-    -*-\n"
            text += "      No.              Inner   Session Count           Limit         Type\n"
            var rows: [(IPv4Address, Int, String)] = []
            for (inner, count) in nat.sessionsPerHost.sorted(by: { $0.key < $1.key }) { rows.append((inner, count, "dynamic")) }
            for s in nat.statics where !rows.contains(where: { $0.0 == s.inner && $0.2 == "static" }) {
                rows.append((s.inner, nat.statics.filter { $0.inner == s.inner }.count, "static"))
            }
            for (i, row) in rows.enumerated() {
                text += leftPad("\(i + 1)", 8) + leftPad("\(row.0)", 20) + leftPad("\(row.1)", 16)
                    + leftPad("\(nat.sessionLimit)", 16) + leftPad(row.2, 16) + "\n"
            }
            if detail {
                text += "Protocol  Inner address:port      Outer port  Remote address:port     TTL(sec)\n"
                for s in sessions {
                    let proto = s.flow.protocol == IPProtocol.icmp ? "ICMP" : s.flow.protocol == IPProtocol.tcp ? "TCP" : "UDP"
                    text += pad(proto, 10) + pad("\(s.flow.inner):\(s.flow.innerPort)", 24) + pad("\(s.outerPort)", 12)
                        + pad("\(s.remote):\(s.remotePort)", 24) + "\((s.expires - now).components.seconds)\n"
                }
            }
        }
        return text
    }

    func showStatusDHCP() -> String {
        dhcpServer.expire(now: now)
        var text = ""
        for scope in dhcpServer.scopes {
            text += "DHCP Scope number: \(scope.id)\n"
            text += "      Network address: \(scope.prefix.network)\n"
            let leases = dhcpServer.leases.filter { $0.scopeID == scope.id && $0.state == .bound }
            for lease in leases {
                text += "          Leased address: \(lease.address)\n"
                if let id = lease.clientIdentifier, let type = id.first {
                    text += "        (type) Client ID: (\([type].hexText())) \(id.dropFirst().hexText(separator: " "))\n"
                } else {
                    text += " Client ethernet address: \(lease.mac)\n"
                }
                if let host = lease.hostName { text += "               Host Name: \(host)\n" }
                text += "         Remaining lease: \(remaining(lease.expiry - now))\n"
            }
            let all = scope.range.lowerBound.value <= scope.range.upperBound.value
                ? (scope.range.lowerBound.value...scope.range.upperBound.value).filter { scope.canAssign(IPv4Address($0)) }.count : 0
            let except = dhcpServer.leases.filter { $0.scopeID == scope.id && $0.state == .declined }.count
            text += "                  All: \(all)\n"
            text += "               Except: \(except)\n"
            text += "               Leased: \(leases.count)\n"
            text += "               Usable: \(all - except - leases.count)\n"
        }
        return text
    }

    func showDrops() -> String {
        var text = "Dropped packets: \(drops.total)\n"
        for (name, n) in drops.counts.sorted(by: { $0.key < $1.key }) { text += "  " + pad(name, 32) + leftPad("\(n)", 10) + "\n" }
        return text
    }

    /// `2days 23hours 59min. 59secs.`: zero leading units left out.
    func remaining(_ d: Duration) -> String {
        let s = max(0, d.components.seconds)
        let days = s / 86400, hours = s / 3600 % 24, minutes = s / 60 % 60, seconds = s % 60
        var parts: [String] = []
        if days > 0 { parts.append("\(days)day\(days == 1 ? "" : "s")") }
        if days > 0 || hours > 0 { parts.append("\(hours)hour\(hours == 1 ? "" : "s")") }
        if days > 0 || hours > 0 || minutes > 0 { parts.append("\(minutes)min.") }
        parts.append("\(seconds)secs.")
        return parts.joined(separator: " ")
    }
}

func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count) }
func leftPad(_ s: String, _ width: Int) -> String { s.count >= width ? " " + s : String(repeating: " ", count: width - s.count) + s }
