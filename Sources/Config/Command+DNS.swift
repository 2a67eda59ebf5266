import Wire

extension Command {
    static let dns: [Command] = [
        setting("dns service", \.dns.service) { call throws(ConfigError) in try call.keyword(0) },
        setting("dns service fallback", \.dns.fallback) { call throws(ConfigError) in try call.onOff(0) },
        setting("dns service aaaa filter", \.dns.aaaaFilter) { call throws(ConfigError) in try call.onOff(0) },
        setting("dns private address spoof", \.dns.privateAddressSpoof) { call throws(ConfigError) in try call.onOff(0) },
        setting("dns cache use", \.dns.cacheUse) { call throws(ConfigError) in try call.onOff(0) },
        setting("dns cache max entry", \.dns.cacheMaxEntry) { call throws(ConfigError) in try call.number(0, in: DNSConfig.cacheEntries) },
        setting("dns domain", \.dns.domain) { call throws(ConfigError) in
            if call[0] == "." { return "" }
            guard let name = DNSName(call[0]), !name.labels.isEmpty else { throw ConfigError(.invalidParameter) }
            return name.text
        },
        setting("dns srcport", \.dns.sourcePorts) { call throws(ConfigError) in
            let ends = call[0].split(separator: "-", omittingEmptySubsequences: false)
            guard ends.count <= 2 else { throw ConfigError(.invalidParameter) }
            let first = try Invocation.port(ends[0])
            let last = ends.count == 2 ? try Invocation.port(ends[1]) : first
            guard first <= last else { throw ConfigError(.invalidParameter) }
            return first...last
        },
        Command("dns server") { config, call throws(ConfigError) in
            try call.expect(1...(2 * DNSConfig.maximumServers))
            var servers: [DNSServerAddress] = []
            for token in call.parameters {
                if token.hasPrefix("edns="), let last = servers.indices.last, servers[last].edns == nil {
                    servers[last].edns = try Invocation.onOff(token.dropFirst(5))
                } else {
                    guard servers.count < DNSConfig.maximumServers else { throw ConfigError(.parameterCount) }
                    servers.append(DNSServerAddress(address: try Invocation.address(token)))
                }
            }
            config.dns.servers = servers
        } remove: { config, _ throws(ConfigError) in
            config.dns.servers = []
        },
        Command("dns server pp") { config, call throws(ConfigError) in
            try call.expect(1...2)
            let peer = try call.number(0, in: DNSConfig.ppNumbers)
            config.dns.serverPP = DNSServerSource(peer: peer, edns: try call.edns(1))
        } remove: { config, _ throws(ConfigError) in
            config.dns.serverPP = nil
        },
        Command("dns server dhcp") { config, call throws(ConfigError) in
            try call.expect(1...2)
            guard let interface = InterfaceName(call[0]), interface.tunnelNumber == nil else { throw ConfigError(.invalidParameter) }
            config.dns.serverDHCP = DNSServerInterface(interface: interface, edns: try call.edns(1))
        } remove: { config, _ throws(ConfigError) in
            config.dns.serverDHCP = nil
        },
        Command("dns server select", key: 1) { config, call throws(ConfigError) in
            try call.expect(2...13)
            let id = try call.number(0, in: DNSServerSelect.ids)
            config.dns.serverSelects[id] = try call.dnsServerSelect()
        } remove: { config, call throws(ConfigError) in
            config.dns.serverSelects[try call.number(0, in: DNSServerSelect.ids)] = nil
        },
        Command("dns static", key: 2) { config, call throws(ConfigError) in
            try call.expect(3...4)
            let (key, value) = try call.dnsStatic()
            // Names compare without case: the line typed last gives the spelling shown.
            config.dns.statics.removeValue(forKey: key)
            config.dns.statics[key] = value
        } remove: { config, call throws(ConfigError) in
            config.dns.statics[try call.dnsStaticKey()] = nil
        },
        Command("ip host", key: 1) { config, call throws(ConfigError) in
            try call.expect(2...3)
            let name = try call.dnsName(0)
            let address = try call.address(1)
            let host = DNSIPHost(address: address, ttl: try call.ttl(2))
            config.dns.ipHosts.removeValue(forKey: name)
            config.dns.ipHosts[name] = host
        } remove: { config, call throws(ConfigError) in
            config.dns.ipHosts[try call.dnsName(0)] = nil
        },
        Command("dns notice order", key: 1) { config, call throws(ConfigError) in
            try call.expect(2...3)
            let proto: DNSNoticeProtocol = try call.keyword(0)
            let servers: [DNSNoticeServer] = try (1..<call.count).map { (index: Int) throws(ConfigError) -> DNSNoticeServer in try call.keyword(index) }
            // `none` stands alone; `me` and `server` each once.
            guard servers.count == Set(servers.map(\.rawValue)).count, !servers.contains(.none) || servers.count == 1 else { throw ConfigError(.invalidParameter) }
            config.dns.noticeOrder[proto] = servers
        } remove: { config, call throws(ConfigError) in
            config.dns.noticeOrder[try call.keyword(0, as: DNSNoticeProtocol.self)] = nil
        },
        Command("dns host") { config, call throws(ConfigError) in
            try call.expect(1...Int.max)
            config.dns.hosts = try call.dnsHosts()
        } remove: { config, _ throws(ConfigError) in
            config.dns.hosts = nil
        },
    ]
}

extension Invocation {
    static func onOff(_ text: some StringProtocol) throws(ConfigError) -> Bool {
        switch text {
        case "on": true
        case "off": false
        default: throw ConfigError(.invalidParameter)
        }
    }

    /// An optional `edns=on|off` at `index`.
    func edns(_ index: Int) throws(ConfigError) -> Bool? {
        guard index < count else { return nil }
        guard parameters[index].hasPrefix("edns=") else { throw ConfigError(.invalidParameter) }
        return try Invocation.onOff(parameters[index].dropFirst(5))
    }

    /// An optional `ttl=N` (1-4294967295) at `index`.
    func ttl(_ index: Int) throws(ConfigError) -> UInt32? {
        guard index < count else { return nil }
        guard parameters[index].hasPrefix("ttl=") else { throw ConfigError(.invalidParameter) }
        return UInt32(try Invocation.number(parameters[index].dropFirst(4), in: 1...Int(UInt32.max)))
    }

    func dnsName(_ index: Int) throws(ConfigError) -> DNSName {
        guard let name = DNSName(parameters[index]), !name.labels.isEmpty else { throw ConfigError(.invalidParameter) }
        return name
    }

    /// TYPE NAME of `dns static`: a PTR's NAME is an IPv4 address, held as its reverse name.
    func dnsStaticKey() throws(ConfigError) -> DNSStaticKey {
        let type: DNSStaticType = try keyword(0)
        let name = type == .ptr ? DNSName(reverse: try address(1)) : try dnsName(1)
        return DNSStaticKey(type: type, name: name)
    }

    func dnsStatic() throws(ConfigError) -> (DNSStaticKey, DNSStaticValue) {
        let key = try dnsStaticKey()
        let value: DNSStaticValue.Value
        switch key.type {
        case .a: value = .ipv4(try address(2))
        case .aaaa:
            guard let address = IPv6Address(parameters[2]) else { throw ConfigError(.invalidParameter) }
            value = .ipv6(address)
        case .ptr, .mx, .ns, .cname: value = .name(try dnsName(2))
        }
        return (key, DNSStaticValue(value: value, ttl: try ttl(3)))
    }

    func dnsHosts() throws(ConfigError) -> DNSHostAccess {
        if count == 1, let word = ["any": DNSHostAccess.any, "none": .none, "lan": .lan][parameters[0]] { return word }
        var items: [DNSHostAccess.Item] = []
        for token in parameters {
            if let name = InterfaceName(token) {
                guard name.tunnelNumber == nil else { throw ConfigError(.invalidParameter) }
                items.append(.interface(name))
            } else if token.contains("-") {
                let (first, last) = try Invocation.range(token)
                items.append(.range(first, last))
            } else {
                let address = try Invocation.address(token)
                items.append(.range(address, address))
            }
        }
        return .list(items)
    }
}
