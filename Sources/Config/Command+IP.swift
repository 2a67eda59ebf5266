import Wire

extension Command {
    static let ip: [Command] = [
        Command("console prompt") { config, call throws(ConfigError) in
            try call.expect(1...1)
            config.consolePrompt = call[0]
        } remove: { config, _ throws(ConfigError) in
            config.consolePrompt = nil
        },
        // `ip route NETWORK gateway GATEWAY [OPTIONS]`: options (`hide`, `metric N`...) are kept without
        // effect.
        Command("ip route", key: 1, acts: Command.routeActs) { config, call throws(ConfigError) in
            try call.expect(3...Int.max)
            let network = try call.routeNetwork(0)
            try call.literal(1, "gateway")
            let (gateway, used) = try call.routeGateway(2)
            let options = try Command.routeOptions(call.parameters.dropFirst(2 + used))
            config.routes[network] = gateway
            config.routeOptions[network] = options.isEmpty ? nil : options
        } remove: { config, call throws(ConfigError) in
            let network = try call.routeNetwork(0)
            config.routes[network] = nil
            config.routeOptions[network] = nil
        },
        setting("ip filter source-route", \.filterSourceRoute) { call throws(ConfigError) in try call.onOff(0) },
        setting("ip filter directed-broadcast", \.filterDirectedBroadcast) { call throws(ConfigError) in try call.onOff(0) },
        setting("ip arp timer", \.arpTimer) { call throws(ConfigError) in try call.number(0, in: 30...32767) },
        interface("ip IF address", \.address) { call throws(ConfigError) in
            try call.expect(1...1)
            return try call.prefix(0)
        },
        interface("ip IF proxyarp", \.proxyARP, acts: Command.actsOutsidePP) { call throws(ConfigError) in
            try call.expect(1...1)
            return try call.onOff(0)
        },
        interface("ip IF mtu", \.mtu) { call throws(ConfigError) in
            try call.expect(1...1)
            return try call.number(0, in: 64...1500)
        },
        interface("ip IF tcp mss limit", \.tcpMSSLimit) { call throws(ConfigError) in
            try call.expect(1...1)
            switch call[0] {
            case "off": return .off
            case "auto": return .auto
            default: return .value(try call.number(0, in: TCPMSSLimit.values))
            }
        },
        interface("ip IF nat descriptor", \.natDescriptor) { call throws(ConfigError) in
            try call.expect(1...1)
            return try call.number(0, in: NATDescriptor.ids)
        },
        Command("bridge member", key: 1) { config, call throws(ConfigError) in
            // RTX830: 2 members, 10 with the extension licence.
            try call.expect(2...11)
            try call.literal(0, "bridge1")
            var members: [InterfaceName] = []
            for text in call.parameters.dropFirst() {
                guard let member = InterfaceName(text), member != .bridge1, member.ppNumber == nil, !members.contains(member) else {
                    throw ConfigError(.invalidParameter)
                }
                members.append(member)
            }
            config.bridges[.bridge1] = members
        } remove: { config, call throws(ConfigError) in
            try call.literal(0, "bridge1")
            config.bridges[.bridge1] = nil
        },
    ]

    /// A command with one parameter that sets one setting of the whole config; `no` clears it.
    static func setting<T>(
        _ words: String, _ property: WritableKeyPath<Config, T?> & Sendable,
        parse: @escaping @Sendable (Invocation) throws(ConfigError) -> T
    ) -> Command {
        Command(words) { config, call throws(ConfigError) in
            try call.expect(1...1)
            config[keyPath: property] = try parse(call)
        } remove: { config, _ throws(ConfigError) in
            config[keyPath: property] = nil
        }
    }

    /// An `ip IF ...` command that sets one interface property; `no` clears it.
    static func interface<T>(
        _ words: String, _ property: WritableKeyPath<InterfaceConfig, T?> & Sendable,
        acts: @escaping @Sendable (Invocation) -> Bool = Command.actsUnlessAnonymousPP,
        parse: @escaping @Sendable (Invocation) throws(ConfigError) -> T
    ) -> Command {
        Command(words, acts: acts) { config, call throws(ConfigError) in
            let name = try call.selectedInterface()
            config.interfaces[name, default: InterfaceConfig()][keyPath: property] = try parse(call)
        } remove: { config, call throws(ConfigError) in
            let name = try call.selectedInterface()
            config.interfaces[name]?[keyPath: property] = nil
            config.interfaces.removeIfEmpty(name)
        }
    }
}

extension Invocation {
    /// A route's network: `default` or A/len, held as its network address (default is 0.0.0.0/0).
    func routeNetwork(_ index: Int) throws(ConfigError) -> IPv4Prefix {
        if parameters[index] == "default" { return IPv4Prefix(address: .any, length: 0) }
        let prefix = try self.prefix(index)
        return IPv4Prefix(address: prefix.network, length: prefix.length)
    }
}
