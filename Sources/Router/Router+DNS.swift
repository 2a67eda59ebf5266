import Config
import DNS
import NIOCore
import Wire

/// The DNS recursive server (`dns service recursive`): queries to port 53 of the router's own
/// addresses, over UDP or through the `DNSTCPServer`, go to the sans-IO `DNSProxy`; its upstream
/// queries leave over UDP from the address of the interface towards the server, as any packet the
/// router makes (routes and NAT apply).
extension Router {
    /// Before tunnels and IPsec, which look up the names the config gives with these servers and records.
    func applyDNS(_ config: Config) {
        dnsProxy.configure(DNSProxySettings(config.dns, servers: upstreamDNSServers(config.dns)))
        dnsProxy.markNamesUnused()
    }

    /// The reference's order: `dns server select` (not implemented), `dns server`, `dns server pp`
    /// (what IPCP gave that pp), `dns server dhcp`, then servers a DHCP client learned. SoftRTX has no
    /// DHCP client on its own interfaces yet, so the last two give no server (`softrtx check` warns).
    func upstreamDNSServers(_ dns: DNSConfig) -> [IPv4Address] {
        dns.servers.map(\.address) + (dns.serverPP.map { ppDNSServers($0.peer) } ?? [])
    }

    /// A UDP datagram to port 53 of the router. Returns false when the service is off: the port is
    /// closed, as on an RTX.
    func dnsQueryInput(_ data: ByteBuffer, source: IPv4Address, sourcePort: UInt16, local: IPv4Address, interface iface: IPInterface) -> Bool {
        guard running.dns.effectiveService == .recursive else { return false }
        // A query to a broadcast address gets no answer: it would have to come from an address the
        // client did not ask.
        guard ownAddresses.contains(local) else {
            count(.dnsNotUnicast)
            return true
        }
        guard dnsAllows(source, arrivedOn: iface) else {
            count(.dnsHostRefused)
            return true
        }
        let client = DNSProxy.Client(address: source, port: sourcePort, local: local)
        dnsOutput(dnsProxy.query(data, from: client, now: now, random: &dnsRandom))
        return true
    }

    /// A datagram to a port a pending upstream query went out from. Returns false for any other port.
    func dnsAnswerInput(_ data: ByteBuffer, source: IPv4Address, sourcePort: UInt16, destinationPort: UInt16) -> Bool {
        guard dnsProxy.awaits(port: destinationPort) else { return false }
        dnsOutput(dnsProxy.answer(data, from: source, serverPort: sourcePort, to: destinationPort, now: now))
        return true
    }

    /// A TCP segment to the router; returns false when it is not for port 53 or the service is off.
    func dnsTCPInput(_ segment: ByteBuffer, header: IPv4Header, local: IPv4Address, interface iface: IPInterface) -> Bool {
        guard running.dns.effectiveService == .recursive,
              segment.getInteger(at: segment.readerIndex + 2, as: UInt16.self) == DNSMessage.port else { return false }
        guard ownAddresses.contains(local) else {
            count(.dnsNotUnicast)
            return true
        }
        guard dnsAllows(header.source, arrivedOn: iface) else {
            count(.dnsHostRefused)
            return true
        }
        let tcp: TCPHeader, data: ByteBuffer
        do { (tcp, data) = try TCPHeader.parse(segment, source: header.source, destination: local) } catch {
            count(error)
            return true
        }
        let peer = DNSTCPServer.Peer(address: header.source, port: tcp.sourcePort, local: local)
        dnsTCPOutput(dnsTCP.segment(tcp, payload: data, from: peer, now: now, random: &dnsRandom))
        return true
    }

    var dnsDeadline: Duration? { [dnsProxy.nextDeadline, dnsTCP.nextDeadline].compactMap { $0 }.min() }

    func dnsTimers() {
        if let deadline = dnsProxy.nextDeadline, deadline <= now { dnsOutput(dnsProxy.advance(to: now, random: &dnsRandom)) }
        if let deadline = dnsTCP.nextDeadline, deadline <= now { dnsTCPOutput(dnsTCP.advance(to: now)) }
    }

    private func dnsTCPOutput(_ outputs: [DNSTCPServer.Output]) {
        for output in outputs {
            switch output {
            case let .segment(segment, peer):
                sendLocal(protocol: IPProtocol.tcp, to: peer.address, payload: segment, source: peer.local)
            case let .query(message, peer):
                let client = DNSProxy.Client(address: peer.address, port: peer.port, local: peer.local, tcp: true)
                let out = dnsProxy.query(message, from: client, now: now, random: &dnsRandom)
                dnsOutput(out)
                // Neither answered nor forwarded: the connection owes this query nothing.
                let handled = out.contains { if case .drop = $0 { false } else { true } }
                if !handled { dnsTCPOutput(dnsTCP.unanswered(peer, now: now)) }
            case let .drop(reason):
                count(reason)
            }
        }
    }

    private func dnsOutput(_ outputs: [DNSProxy.Output]) {
        var resolved: [DNSResolver.Event] = []
        defer { resolverEvents(resolved) }
        for output in outputs {
            switch output {
            case let .answer(message, client) where client.tcp:
                dnsTCPOutput(dnsTCP.send(message, to: DNSTCPServer.Peer(address: client.address, port: client.port, local: client.local), now: now))
            case let .gaveUp(client):
                guard client.tcp else { continue }
                dnsTCPOutput(dnsTCP.unanswered(DNSTCPServer.Peer(address: client.address, port: client.port, local: client.local), now: now))
            case let .answer(message, client):
                let udp = UDPHeader.datagram(sourcePort: DNSMessage.port, destinationPort: client.port, payload: message,
                                             source: client.local, destination: client.address)
                sendLocal(protocol: IPProtocol.udp, to: client.address, payload: udp, source: client.local)
            case let .query(message, server, sourcePort):
                guard let route = routes.lookup(server), let source = interfaces[route.interface]?.address?.address else {
                    count(.noRoute)
                    continue
                }
                let udp = UDPHeader.datagram(sourcePort: sourcePort, destinationPort: DNSMessage.port, payload: message,
                                             source: source, destination: server)
                sendLocal(protocol: IPProtocol.udp, to: server, payload: udp, source: source)
            case let .drop(reason):
                count(reason)
            case let .resolved(event):
                resolved.append(event)
            }
        }
    }

    /// `dns host`: any (the default), none, lan (every LAN-side network), or addresses, ranges and
    /// interfaces. An interface admits its network but not the network and broadcast addresses.
    func dnsAllows(_ source: IPv4Address, arrivedOn iface: IPInterface) -> Bool {
        switch running.dns.effectiveHosts {
        case .any: return true
        case .none: return false
        case .lan:
            return interfaces.values.contains { !$0.name.hasPrefix("tunnel") && Router.hostOf($0.address, source) }
        case .list(let items):
            return items.contains { item in
                switch item {
                case let .range(first, last): (first...last).contains(source)
                case .interface(let name): Router.hostOf(interfaces["\(name)"]?.address, source)
                }
            }
        }
    }

    /// Whether `address` is a host of the network: inside it, not its network or broadcast address.
    private static func hostOf(_ network: IPv4Prefix?, _ address: IPv4Address) -> Bool {
        guard let network, network.contains(address) else { return false }
        return network.length >= 31 || (address != network.network && address != network.directedBroadcast)
    }

    /// The DNS servers a DHCP scope hands out without `dhcp scope option dns=`: `dns notice order
    /// dhcp` (default `me server`), where `me` is the router's own address on the scope's network
    /// when its recursive server is on and `dns host` admits the scope's clients, and `server`
    /// the `dns server` list.
    func dhcpNoticeServers(_ config: Config, own: IPv4Address, scope: DHCPScope, on iface: IPInterface) -> [IPv4Address] {
        var servers: [IPv4Address] = []
        for item in config.dns.effectiveNoticeOrder(.dhcp) {
            switch item {
            case .none: return []
            case .me:
                if config.dns.effectiveService == .recursive, dnsAllows(scope.first, arrivedOn: iface) { servers.append(own) }
            case .server:
                servers += config.dns.servers.map(\.address)
            }
        }
        return servers
    }

    /// SoftRTX's own: the recursive server's counters, its pending queries and its cache.
    func showStatusDNS() -> String {
        let c = dnsProxy.counters
        let servers = dnsProxy.settings.servers
        var text = "DNS service: \(running.dns.effectiveService.rawValue)\n"
        text += "Upstream servers: " + (servers.isEmpty ? "none" : servers.map(\.description).joined(separator: " ")) + "\n"
        text += "Queries: \(c.queries)\n"
        text += "  answered from static records: \(c.answeredStatic)\n"
        text += "  answered from the cache:      \(c.answeredCache)\n"
        text += "  private address spoof:        \(c.answeredSpoof)\n"
        text += "  AAAA filter:                  \(c.answeredFilter)\n"
        text += "  format errors:                \(c.refusedFormat)\n"
        text += "  no upstream server:           \(c.noServer)\n"
        text += "  forwarded:                    \(c.forwarded) (\(c.retried) retries, \(c.relayed) answers relayed, "
            + "\(drops[.dnsUpstreamTimeout]) timed out)\n"
        text += "Pending queries: \(dnsProxy.pending.count) of \(dnsProxy.pending.limit)\n"
        for query in dnsProxy.pending.all {
            let waited = now - query.started
            let asker = query.client.isRouter ? "the router" : "\(query.client.address)\(query.client.tcp ? " (TCP)" : "")"
            text += "  \(query.question.name) \(query.question.type) from \(asker), "
                + "attempt \(query.attempts + 1), \(waited.components.seconds).\(waited.components.attoseconds / 100_000_000_000_000_000) s\n"
        }
        text += "TCP connections: \(dnsTCP.count) of \(dnsTCP.limit) (\(dnsTCP.accepted) accepted, \(dnsTCP.resets) reset)\n"
        let entries = dnsProxy.cache.live(now: now)
        text += "Cache: \(entries.count) of \(dnsProxy.cache.capacity) entries"
            + (running.dns.effectiveCacheUse ? "" : " (dns cache use off)") + ", \(dnsProxy.cache.evicted) evicted\n"
        for entry in entries {
            // Seconds left, counted as the TTLs the cache answers with (whole seconds held are taken off).
            let left = (entry.expires - now).components
            let ttl = left.seconds + (left.attoseconds > 0 ? 1 : 0)
            let data = entry.answers.map { "\($0.type) \($0.dataText)" }.joined(separator: ", ")
            text += "  \(entry.question.name) \(entry.question.type) \(entry.code) ttl=\(ttl)" + (data.isEmpty ? "" : " \(data)") + "\n"
        }
        return text + showResolverNames()
    }
}
