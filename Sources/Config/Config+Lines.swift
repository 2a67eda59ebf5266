extension Config {
    /// `show config`: the explicitly set values in the order and indentation of an RTX.
    public func lines() -> [String] {
        var printer = ConfigPrinter(config: self)
        return printer.lines()
    }

    public var text: String { lines().map { $0 + "\n" }.joined() }
}

/// Writes a Config out; remembers which IPsec policies and gateways a tunnel block already showed.
struct ConfigPrinter {
    let config: Config
    private var output: [String] = []
    private var shownPolicies: Set<Int> = []
    private var shownGateways: Set<Int> = []

    init(config: Config) { self.config = config }

    /// Interfaces outside tunnel blocks, in the order an RTX shows them (bridge1 before lan2, as in the seed).
    static let interfaceOrder: [InterfaceName] = [.lan1, .bridge1, .lan2, .lan3]

    mutating func lines() -> [String] {
        output += acceptedLines(.head) + timezoneLines + consoleLines
        if let prompt = config.consolePrompt { output.append("console prompt \(prompt)") }
        output += acceptedLines(.afterPrompt)
        for (network, gateway) in config.routes.sorted(by: { ($0.key.address, $0.key.length) < ($1.key.address, $1.key.length) }) {
            let options = config.routeOptions[network].map { " " + $0.joined(separator: " ") } ?? ""
            output.append("ip route \(network.length == 0 ? "default" : "\(network)") gateway \(gateway)" + options)
        }
        output += acceptedLines(.afterRoutes)
        for name in ConfigPrinter.interfaceOrder {
            output += descriptionLine(name, as: "\(name)")
            output += interfaceLines(config.interfaces[name], as: "\(name)", indent: "")
            output += acceptedLines(.interface, interface: name)
        }
        if let timer = config.arpTimer { output.append("ip arp timer \(timer)") }
        if let on = config.filterSourceRoute { output.append("ip filter source-route \(onOff(on))") }
        if let on = config.filterDirectedBroadcast { output.append("ip filter directed-broadcast \(onOff(on))") }
        for (bridge, members) in config.bridges.sorted(by: { $0.key < $1.key }) {
            output.append((["bridge member", "\(bridge)"] + members.map(\.description)).joined(separator: " "))
        }
        output += acceptedLines(.afterInterfaces)
        for number in config.ppBlocks {
            output += ppBlock(number, interfaceLines: interfaceLines(config.interfaces[.pp(number)], as: "pp", indent: " "))
        }
        let tunnelNumbers = Set(config.tunnels.keys).union(config.interfaces.keys.compactMap(\.tunnelNumber)).union(acceptedTunnels)
        for number in tunnelNumbers.sorted() { tunnelBlock(number) }
        output += ipFilterLines()
        output += acceptedLines(.afterTunnels)
        for (id, descriptor) in config.natDescriptors.sorted(by: { $0.key < $1.key }) { natLines(id, descriptor) }
        output += acceptedLines(.nat)
        ipsecGlobalLines()
        output += syslogLines + acceptedLines(.services)
        dhcpLines()
        output += acceptedLines(.dhcp)
        output += dnsLines()
        output += acceptedLines(.afterDHCP)
        if let service = config.l2tpService {
            output.append((["l2tp service", onOff(service.enabled)] + service.versions.map(\.rawValue)).joined(separator: " "))
        }
        output += statisticsLines
        return output
    }

    private func interfaceLines(_ interface: InterfaceConfig?, as name: String, indent: String) -> [String] {
        guard let interface else { return [] }
        var lines: [String] = []
        if let address = interface.address { lines.append("address \(address)") }
        if let proxyARP = interface.proxyARP { lines.append("proxyarp \(onOff(proxyARP))") }
        if let mtu = interface.mtu { lines.append("mtu \(mtu)") }
        if let limit = interface.tcpMSSLimit { lines.append("tcp mss limit \(limit)") }
        lines += filterLines(interface)
        if let descriptor = interface.natDescriptor { lines.append("nat descriptor \(descriptor)") }
        return lines.map { "\(indent)ip \(name) \($0)" }
    }

    private mutating func tunnelBlock(_ number: Int) {
        let tunnel = config.effectiveTunnel(number)
        output.append("tunnel select \(number)")
        output += descriptionLine(.tunnel(number), as: "tunnel", indent: " ") + acceptedLines(.tunnelHead, block: .tunnel(number), indent: " ")
        var lines: [String] = []
        if let encapsulation = tunnel.encapsulation { lines.append("tunnel encapsulation \(encapsulation.rawValue)") }
        if let endpoint = tunnel.endpoint {
            lines.append("tunnel endpoint address " + (endpoint.local.map { "\($0) " } ?? "") + "\(endpoint.remote)")
        }
        if let name = tunnel.endpointName {
            lines.append((["tunnel endpoint name", name.local, name.remote, name.fqdnKeyword ? "fqdn" : nil].compactMap { $0 }).joined(separator: " "))
        }
        output += lines.map { " " + $0 }
        if let policy = tunnel.ipsecPolicy {
            output.append(" ipsec tunnel \(policy)")
            if let sa = config.ipsecSAPolicies[policy] {
                shownPolicies.insert(policy)
                output.append("  " + policyLine(policy, sa))
                if !shownGateways.contains(sa.gateway) {
                    shownGateways.insert(sa.gateway)
                    output += ikeLines(sa.gateway).map { "  " + $0 }
                }
            }
        }
        output += l2tpLines(tunnel).map { " " + $0 }
        output += interfaceLines(config.interfaces[.tunnel(number)], as: "tunnel", indent: " ")
        output += acceptedLines(.tunnel, block: .tunnel(number), indent: " ")
        if tunnel.enabled { output.append(" tunnel enable \(number)") }
    }

    private func l2tpLines(_ tunnel: TunnelConfig) -> [String] {
        var lines: [String] = []
        if let alwaysOn = tunnel.l2tpAlwaysOn { lines.append("always-on \(onOff(alwaysOn))") }
        if let hostname = tunnel.l2tpHostname { lines.append("hostname \(hostname)") }
        switch tunnel.l2tpAuth {
        case .on(let password): lines.append("tunnel auth on" + (password.map { " \($0)" } ?? ""))
        case .off: lines.append("tunnel auth off")
        case nil: break
        }
        switch tunnel.l2tpDisconnectTime {
        case .seconds(let seconds): lines.append("tunnel disconnect time \(seconds)")
        case .off: lines.append("tunnel disconnect time off")
        case nil: break
        }
        if let keepalive = tunnel.l2tpKeepalive {
            let numbers = [keepalive.interval, keepalive.count].compactMap { $0 }.map { " \($0)" }.joined()
            lines.append("keepalive use \(onOff(keepalive.enabled))" + numbers)
        }
        if let log = tunnel.l2tpKeepaliveLog { lines.append("keepalive log \(onOff(log))") }
        if let syslog = tunnel.l2tpSyslog { lines.append("syslog \(onOff(syslog))") }
        if let id = tunnel.l2tpLocalRouterID { lines.append("local router-id \(id)") }
        if let id = tunnel.l2tpRemoteRouterID { lines.append("remote router-id \(id)") }
        if let id = tunnel.l2tpRemoteEndID { lines.append("remote end-id \(id)") }
        return lines.map { "l2tp " + $0 }
    }

    private func policyLine(_ id: Int, _ policy: IPsecSAPolicy) -> String {
        let algorithms = switch policy.proto {
        case .esp(let encryption, let authentication): ["esp", encryption?.rawValue, authentication?.rawValue]
        case .ah(let authentication): ["ah", authentication?.rawValue]
        }
        return (["ipsec sa policy \(id) \(policy.gateway)"] + algorithms.compactMap { $0 }).joined(separator: " ")
    }

    /// The `ipsec ike` lines of one gateway, sorted by command as an RTX shows them.
    private func ikeLines(_ id: Int) -> [String] {
        let gateway = config.effectiveIKEGateway(id)
        var settings: [(command: String, value: String)] = acceptedIKESettings(id)
        if let value = gateway.isakmpSADuration { settings.append(("duration isakmp-sa", "\(value)")) }
        if let value = gateway.ipsecSADuration { settings.append(("duration ipsec-sa", "\(value)")) }
        if let value = gateway.encryption { settings.append(("encryption", value.rawValue)) }
        if let value = gateway.group { settings.append(("group", value.first.rawValue + (value.second.map { " \($0.rawValue)" } ?? ""))) }
        if let value = gateway.hash { settings.append(("hash", value.rawValue)) }
        if let value = gateway.keepaliveLog { settings.append(("keepalive log", onOff(value))) }
        if let value = gateway.keepalive {
            let rest = [value.method?.description, value.interval.map(String.init), value.count.map(String.init)]
            settings.append(("keepalive use", ([value.mode.rawValue] + rest.compactMap { $0 }).joined(separator: " ")))
        }
        if let value = gateway.localAddress { settings.append(("local address", "\(value)")) }
        if let value = gateway.localName { settings.append(("local name", nameText(value))) }
        if let value = gateway.natTraversal { settings.append(("nat-traversal", onOff(value))) }
        if let value = gateway.pfs { settings.append(("pfs", onOff(value))) }
        if let value = gateway.preSharedKey { settings.append(("pre-shared-key", "text \(value)")) }
        switch gateway.remoteAddress {
        case .address(let address): settings.append(("remote address", "\(address)"))
        case .any: settings.append(("remote address", "any"))
        case nil: break
        }
        if let host = gateway.remoteHostName { settings.append(("remote address", host)) }
        if let value = gateway.remoteName { settings.append(("remote name", nameText(value))) }
        if let value = gateway.version { settings.append(("version", "\(value.rawValue)")) }
        return settings.sorted { $0.command < $1.command }.map { "ipsec ike \($0.command) \(id) \($0.value)" }
    }

    private func nameText(_ name: IKEGateway.Name) -> String {
        name.name + (name.kind.map { " \($0.rawValue)" } ?? "")
    }

    private mutating func natLines(_ id: Int, _ descriptor: NATDescriptor) {
        if let kind = descriptor.kind { output.append("nat descriptor type \(id) \(kind.rawValue)") }
        switch descriptor.outer {
        case .address(let address): output.append("nat descriptor address outer \(id) \(address)")
        case .primary: output.append("nat descriptor address outer \(id) primary")
        case .ipcp: output.append("nat descriptor address outer \(id) ipcp")
        case nil: break
        }
        switch descriptor.inner {
        case .auto: output.append("nat descriptor address inner \(id) auto")
        case .range(let first, let last): output.append("nat descriptor address inner \(id) \(first)-\(last)")
        case nil: break
        }
        for (entry, mapping) in descriptor.staticEntries.sorted(by: { $0.key < $1.key }) {
            var line = "nat descriptor masquerade static \(id) \(entry) \(mapping.innerAddress) \(mapping.proto.rawValue)"
            if let outer = mapping.outerPort, let inner = mapping.innerPort {
                line += outer == inner ? " \(inner)" : " \(outer)=\(inner)"
            }
            output.append(line)
        }
        if let ranges = descriptor.portRanges {
            output.append("nat descriptor masquerade port range \(id) " + ranges.map { "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: " "))
        }
        if let limit = descriptor.sessionLimit { output.append("nat descriptor masquerade session limit \(id) 1 \(limit)") }
    }

    /// Policies and gateways no tunnel block showed, then the global IPsec switches.
    private mutating func ipsecGlobalLines() {
        for (id, policy) in config.ipsecSAPolicies.sorted(by: { $0.key < $1.key }) where !shownPolicies.contains(id) {
            output.append(policyLine(id, policy))
        }
        for id in Set(config.ikeGateways.keys).union(acceptedIKEGateways).sorted() where !shownGateways.contains(id) {
            output += ikeLines(id)
        }
        if let refresh = config.ipsecAutoRefresh { output.append("ipsec auto refresh \(onOff(refresh))") }
        for (id, transport) in config.ipsecTransports.sorted(by: { $0.key < $1.key }) {
            let rest = [transport.proto?.rawValue, transport.sourcePort?.description, transport.destinationPort?.description]
            output.append((["ipsec transport \(id) \(transport.policy)"] + rest.compactMap { $0 }).joined(separator: " "))
        }
    }

    private mutating func dhcpLines() {
        if let service = config.dhcpService { output.append("dhcp service \(service.rawValue)") }
        if let compliance = config.dhcpRFC2131Compliance { output.append("dhcp server rfc2131 compliant \(compliance.rawValue)") }
        for id in Set(config.dhcpScopes.keys).union(config.dhcpScopeOptions.keys).sorted() {
            if let scope = config.dhcpScopes[id] {
                var line = "dhcp scope \(id) \(scope.first)-\(scope.last)/\(scope.prefixLength)"
                if let gateway = scope.gateway { line += " gateway \(gateway)" }
                if let lease = scope.lease { line += " expire \(lease)" }
                output.append(line)
            }
            if let options = config.dhcpScopeOptions[id] {
                output.append("dhcp scope option \(id) dns=" + options.dnsServers.map(\.description).joined(separator: ","))
            }
        }
    }

    private func onOff(_ value: Bool) -> String { value ? "on" : "off" }
}
