import Wire

extension Command {
    static let dhcp: [Command] = [
        setting("dhcp service", \.dhcpService) { call throws(ConfigError) in try call.keyword(0) },
        Command("dhcp server rfc2131 compliant") { config, call throws(ConfigError) in
            try call.expect(1...2)
            guard let compliance = RFC2131Compliance(rawValue: call.parameters.joined(separator: " ")) else {
                throw ConfigError(.invalidParameter)
            }
            config.dhcpRFC2131Compliance = compliance
        } remove: { config, _ throws(ConfigError) in
            config.dhcpRFC2131Compliance = nil
        },
        Command("dhcp scope", key: 1) { config, call throws(ConfigError) in
            try call.expect(2...6)
            let id = try call.number(0, in: DHCPScope.ids)
            // FIRST-LAST/LEN: the range with the prefix length of the scope's network.
            let pieces = call[1].split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count == 2 else { throw ConfigError(.invalidParameter) }
            let (first, last) = try Invocation.range(pieces[0])
            guard let network = IPv4Prefix("\(first)/\(pieces[1])"), network.contains(last) else {
                throw ConfigError(.invalidParameter)
            }
            var scope = DHCPScope(first: first, last: last, prefixLength: network.length)
            var index = 2
            while index < call.count {
                guard index + 1 < call.count else { throw ConfigError(.parameterCount) }
                switch call[index] {
                case "gateway" where scope.gateway == nil:
                    scope.gateway = try call.address(index + 1)
                case "expire" where scope.lease == nil:
                    guard let lease = DHCPLeaseTime(call[index + 1]) else { throw ConfigError(.invalidParameter) }
                    scope.lease = lease
                default:
                    throw ConfigError(.invalidParameter)
                }
                index += 2
            }
            config.dhcpScopes[id] = scope
        } remove: { config, call throws(ConfigError) in
            let id = try call.number(0, in: DHCPScope.ids)
            config.dhcpScopes[id] = nil
            config.dhcpScopeOptions[id] = nil
        },
        Command("dhcp scope option", key: 1) { config, call throws(ConfigError) in
            try call.expect(2...2)
            let id = try call.number(0, in: DHCPScope.ids)
            guard call[1].hasPrefix("dns=") else { throw ConfigError(.invalidParameter) }
            var servers: [IPv4Address] = []
            for text in call[1].dropFirst(4).split(separator: ",", omittingEmptySubsequences: false) {
                servers.append(try Invocation.address(text))
            }
            config.dhcpScopeOptions[id] = DHCPScopeOptions(dnsServers: servers)
        } remove: { config, call throws(ConfigError) in
            config.dhcpScopeOptions[try call.number(0, in: DHCPScope.ids)] = nil
        },
    ]
}
