import Config
import Wire

/// Turning a `Config` into running state. Derived state (interfaces, routes, NAT, DHCP scopes)
/// is rebuilt from the whole config; learned state (ARP, NAT mappings, leases) is kept where it
/// still fits.
extension Router {
    /// `typed`: a console line changed the config (a startup config arrives whole).
    func apply(_ config: Config, typed: Bool = false) {
        configGeneration &+= 1
        let old = interfaces
        applyPP(config)
        interfaces = buildInterfaces(config).merging(ppInterfaces(config)) { a, _ in a }
        for (name, iface) in old where interfaces[name]?.address != iface.address { arp.forget(interface: name) }
        arp.timeout = .seconds(config.effectiveARPTimer)
        traffic = config.effectiveStatisticsTraffic ? (traffic ?? [:]) : nil
        routes = buildRoutes(config)
        masquerades = buildMasquerades(config)
        applyFilters(config)
        dhcpServer.rfc2131Compliant = switch config.effectiveRFC2131Compliance {
        case .on: .on
        case .off: .off
        case .exceptRemainSilent: .exceptRemainSilent
        }
        dhcpServer.setScopes(config.dhcpService == .server ? buildScopes(config) : [])
        applyDNS(config)
        applyTunnels(config)
        applyIPsec(config, typed: typed)
        sendDueLookups()
    }

    private func buildInterfaces(_ config: Config) -> [String: IPInterface] {
        var result: [String: IPInterface] = [:]
        let members = (config.bridges[.bridge1] ?? []).map(\.description)
        for port in model.ports where !members.contains(port) {
            guard let name = InterfaceName(port), let mac = portMACs[port] else { continue }
            let c = config.effectiveInterface(name)
            result[port] = IPInterface(name: port, mac: mac, address: c.address, proxyARP: c.effectiveProxyARP,
                                       natDescriptor: c.natDescriptor, tcpMSSLimit: c.effectiveTCPMSSLimit.mss(mtu: c.effectiveMTU), members: [port])
        }
        if !members.isEmpty {
            let c = config.effectiveInterface(.bridge1)
            // The bridge answers with the MAC of its first LAN member, as the RTX does with lan1's.
            let mac = members.lazy.compactMap { self.portMACs[$0] }.first ?? portMACs[model.ports[0]] ?? .zero
            result["bridge1"] = IPInterface(name: "bridge1", mac: mac, address: c.address, proxyARP: c.effectiveProxyARP,
                                            natDescriptor: c.natDescriptor, tcpMSSLimit: c.effectiveTCPMSSLimit.mss(mtu: c.effectiveMTU), members: members)
        }
        return result
    }

    private func buildRoutes(_ config: Config) -> RoutingTable {
        var list: [RoutingTable.Route] = []
        for iface in interfaces.values.sorted(by: { $0.name < $1.name }) {
            guard let a = iface.address else { continue }
            list.append(.init(destination: IPv4Prefix(address: a.network, length: a.length), gateway: nil,
                              interface: iface.name, kind: .implicit))
        }
        for (prefix, gateway) in config.routes.sorted(by: { $0.key.address < $1.key.address }) {
            // A gateway is usable once it lies on a connected network (tunnel gateways come with L2TP);
            // `gateway pp N` once pp N is bound to PPPoE, up or not (a packet for it dials).
            if case let .pp(number) = gateway, let iface = interfaces[InterfaceName.pp(number).description] {
                list.append(.init(destination: IPv4Prefix(address: prefix.network, length: prefix.length), gateway: nil,
                                  interface: iface.name, kind: .static))
                continue
            }
            guard case let .address(gw) = gateway,
                  let out = interfaces.values.first(where: { $0.address?.contains(gw) == true }) else { continue }
            list.append(.init(destination: IPv4Prefix(address: prefix.network, length: prefix.length), gateway: gw,
                              interface: out.name, kind: .static))
        }
        return RoutingTable(routes: list)
    }

    private func buildMasquerades(_ config: Config) -> [String: Masquerade] {
        var result: [String: Masquerade] = [:]
        for iface in interfaces.values {
            guard let id = iface.natDescriptor, let d = config.natDescriptors[id], d.kind == .masquerade || d.kind == .natMasquerade else {
                continue
            }
            let outer: IPv4Address?
            switch d.effectiveOuter {
            case let .address(a): outer = a
            case .primary, .ipcp: outer = iface.address?.address
            }
            guard let outer else { continue }
            let statics = d.staticEntries.sorted { $0.key < $1.key }.map { _, s in
                Masquerade.StaticEntry(inner: s.innerAddress, protocol: s.proto.number, outerPort: s.outerPort, innerPort: s.innerPort)
            }
            let inner: ClosedRange<IPv4Address>? = switch d.effectiveInner {
            case .auto: nil
            case let .range(first, last): first <= last ? first...last : nil
            }
            var nat = masquerades[iface.name].flatMap { $0.descriptor == id && $0.outer == outer ? $0 : nil }
                ?? Masquerade(descriptor: id, outer: outer, statics: statics, portRanges: d.effectivePortRanges)
            nat.reconfigure(statics: statics, portRanges: d.effectivePortRanges)
            nat.inner = inner
            nat.sessionLimit = d.effectiveSessionLimit
            result[iface.name] = nat
        }
        return result
    }

    private func buildScopes(_ config: Config) -> [DHCPServer.Scope] {
        config.dhcpScopes.sorted { $0.key < $1.key }.compactMap { id, scope in
            guard let iface = interfaces.values.first(where: { $0.address?.contains(scope.first) == true }),
                  let own = iface.address?.address else { return nil }
            let option = config.dhcpScopeOptions[id]?.dnsServers ?? []
            let dns = option.isEmpty ? dhcpNoticeServers(config, own: own, scope: scope, on: iface) : option
            return DHCPServer.Scope(id: id, range: scope.first...scope.last, prefix: scope.network, router: scope.gateway,
                                    dns: dns, domainName: config.dns.domain.flatMap { $0.isEmpty ? nil : $0 }, leaseTime: .seconds(scope.effectiveLease.seconds ?? Int(Int32.max)),
                                    serverAddress: own)
        }
    }

    /// The interface a DHCP scope serves.
    func scope(on iface: IPInterface) -> DHCPServer.Scope? {
        guard let own = iface.address else { return nil }
        return dhcpServer.scopes.first { $0.prefix.contains(own.address) }
    }
}

extension IPProtocolName {
    var number: UInt8 {
        switch self {
        case .tcp: IPProtocol.tcp
        case .udp: IPProtocol.udp
        case .icmp: IPProtocol.icmp
        case .esp: IPProtocol.esp
        }
    }
}
