extension Command {
    static let tunnel: [Command] = [
        tunnel("tunnel encapsulation", \.encapsulation) { call throws(ConfigError) in
            try call.expect(1...1)
            return try call.keyword(0)
        },
        tunnel("tunnel endpoint address", \.endpoint) { call throws(ConfigError) in
            try call.expect(1...2)
            let remote = try call.address(call.count - 1)
            return TunnelEndpoint(local: call.count == 2 ? try call.address(0) : nil, remote: remote)
        },
        // The router looks REMOTE up itself; a LOCAL name is kept without effect (the tunnel leaves
        // from the address of the interface towards the peer).
        tunnel("tunnel endpoint name", \.endpointName, acts: { call in call.parameters.filter { $0 != "fqdn" }.count == 1 }) { call throws(ConfigError) in
            try call.expect(1...3)
            // A last word after a name is the name type: `fqdn`, or `tel` (NGN numbers), which an
            // RTX830 without the data connect function refuses.
            let type = call.count > 1 ? call[call.count - 1] : nil
            let fqdn = type == "fqdn"
            guard type != "tel", call.count < 3 || fqdn else { throw ConfigError(.invalidParameter) }
            let names = call.parameters.dropLast(fqdn ? 1 : 0)
            guard names.allSatisfy(HostName.isValid) else { throw ConfigError(.invalidParameter) }
            return TunnelEndpointName(local: names.count == 2 ? names.first : nil, remote: names.last ?? "", fqdnKeyword: fqdn)
        },
        tunnel("ipsec tunnel", \.ipsecPolicy) { call throws(ConfigError) in
            try call.expect(1...1)
            return try call.number(0, in: IPsecSAPolicy.ids)
        },
        Command("tunnel enable", key: 1) { config, call throws(ConfigError) in
            try call.expect(1...1)
            try config.setTunnels(call, enabled: true)
        } remove: { config, call throws(ConfigError) in
            try config.setTunnels(call, enabled: false)
        },
        Command("tunnel disable", key: 1) { config, call throws(ConfigError) in
            try call.expect(1...1)
            try config.setTunnels(call, enabled: false)
        } remove: { config, call throws(ConfigError) in
            try config.setTunnels(call, enabled: false)
        },
        tunnel("l2tp always-on", \.l2tpAlwaysOn) { call throws(ConfigError) in
            try call.expect(1...1)
            return try call.onOff(0)
        },
        tunnel("l2tp hostname", \.l2tpHostname) { call throws(ConfigError) in
            try call.expect(1...1)
            return call[0]
        },
        tunnel("l2tp tunnel auth", \.l2tpAuth) { call throws(ConfigError) in
            try call.expect(1...2)
            guard try call.onOff(0) else {
                try call.expect(1...1)
                return .off
            }
            return .on(password: call.count == 2 ? call[1] : nil)
        },
        tunnel("l2tp tunnel disconnect time", \.l2tpDisconnectTime) { call throws(ConfigError) in
            try call.expect(1...1)
            return call[0] == "off" ? .off : .seconds(try call.number(0, in: L2TPDisconnectTime.range))
        },
        tunnel("l2tp keepalive use", \.l2tpKeepalive) { call throws(ConfigError) in
            try call.expect(1...3)
            guard try call.onOff(0) else {
                try call.expect(1...1)
                return L2TPKeepalive(enabled: false)
            }
            return L2TPKeepalive(
                enabled: true,
                interval: call.count >= 2 ? try call.number(1, in: L2TPKeepalive.intervals) : nil,
                count: call.count == 3 ? try call.number(2, in: L2TPKeepalive.counts) : nil)
        },
        tunnel("l2tp keepalive log", \.l2tpKeepaliveLog) { call throws(ConfigError) in
            try call.expect(1...1)
            return try call.onOff(0)
        },
        tunnel("l2tp syslog", \.l2tpSyslog) { call throws(ConfigError) in
            try call.expect(1...1)
            return try call.onOff(0)
        },
        tunnel("l2tp local router-id", \.l2tpLocalRouterID) { call throws(ConfigError) in
            try call.expect(1...1)
            return try call.address(0)
        },
        tunnel("l2tp remote router-id", \.l2tpRemoteRouterID) { call throws(ConfigError) in
            try call.expect(1...1)
            return try call.address(0)
        },
        tunnel("l2tp remote end-id", \.l2tpRemoteEndID) { call throws(ConfigError) in
            try call.expect(1...1)
            return call[0]
        },
        Command("l2tp service") { config, call throws(ConfigError) in
            try call.expect(1...3)
            var versions: [L2TPService.Version] = []
            for index in 1..<call.count {
                let version: L2TPService.Version = try call.keyword(index)
                guard !versions.contains(version) else { throw ConfigError(.invalidParameter) }
                versions.append(version)
            }
            let canonical = L2TPService.Version.allCases.filter(versions.contains)
            config.l2tpService = L2TPService(enabled: try call.onOff(0), versions: canonical)
        } remove: { config, _ throws(ConfigError) in
            config.l2tpService = nil
        },
    ]

    /// A command inside `tunnel select N` that sets one tunnel property; `no` clears it.
    static func tunnel<T>(
        _ words: String, _ property: WritableKeyPath<TunnelConfig, T?> & Sendable,
        acts: @escaping @Sendable (Invocation) -> Bool = { _ in true },
        parse: @escaping @Sendable (Invocation) throws(ConfigError) -> T
    ) -> Command {
        Command(words, inTunnel: true, acts: acts) { config, call throws(ConfigError) in
            let number = try call.selectedTunnel()
            config.tunnels[number, default: TunnelConfig()][keyPath: property] = try parse(call)
        } remove: { config, call throws(ConfigError) in
            let number = try call.selectedTunnel()
            config.tunnels[number]?[keyPath: property] = nil
            config.tunnels.removeIfEmpty(number)
        }
    }
}

extension Config {
    /// `tunnel enable|disable N|all`; `all` means every tunnel configured so far.
    fileprivate mutating func setTunnels(_ call: Invocation, enabled: Bool) throws(ConfigError) {
        let numbers = call[0] == "all" ? Array(tunnels.keys) : [try call.number(0, in: InterfaceName.tunnelNumbers)]
        for number in numbers {
            tunnels[number, default: TunnelConfig()].enabled = enabled
            tunnels.removeIfEmpty(number)
        }
    }
}
