import Wire

extension Command {
    static let ipsec: [Command] = [
        setting("ipsec auto refresh", \.ipsecAutoRefresh) { call throws(ConfigError) in try call.onOff(0) },
        Command("ipsec transport", key: 1) { config, call throws(ConfigError) in
            try call.expect(2...5)
            let id = try call.number(0, in: 1...2_147_483_647)
            var transport = IPsecTransport(policy: try call.number(1, in: IPsecSAPolicy.ids))
            if call.count >= 3 { transport.proto = try call.keyword(2) }
            if call.count >= 4 { transport.sourcePort = try call.transportPort(3) }
            if call.count == 5 { transport.destinationPort = try call.transportPort(4) }
            config.ipsecTransports[id] = transport
        } remove: { config, call throws(ConfigError) in
            config.ipsecTransports[try call.number(0, in: 1...2_147_483_647)] = nil
        },
        Command("ipsec sa policy", key: 1) { config, call throws(ConfigError) in
            try call.expect(3...5)
            let id = try call.number(0, in: IPsecSAPolicy.ids)
            let gateway = try call.number(1, in: IKEGateway.ids)
            let proto: IPsecSAPolicy.Proto
            switch call[2] {
            case "esp":
                // Each algorithm is optional, so a lone one is recognised by its name.
                var encryption: IPsecSAPolicy.Encryption?
                var authentication: IPsecSAPolicy.Authentication?
                for index in 3..<call.count {
                    if encryption == nil, authentication == nil, let value = IPsecSAPolicy.Encryption(rawValue: call[index]) {
                        encryption = value
                    } else if authentication == nil {
                        authentication = try call.keyword(index)
                    } else {
                        throw ConfigError(.invalidParameter)
                    }
                }
                proto = .esp(encryption: encryption, authentication: authentication)
            case "ah":
                try call.expect(3...4)
                proto = .ah(authentication: call.count == 4 ? try call.keyword(3) : nil)
            default:
                throw ConfigError(.invalidParameter)
            }
            config.ipsecSAPolicies[id] = IPsecSAPolicy(gateway: gateway, proto: proto)
        } remove: { config, call throws(ConfigError) in
            config.ipsecSAPolicies[try call.number(0, in: IPsecSAPolicy.ids)] = nil
        },
        ike("ipsec ike encryption", \.encryption) { call throws(ConfigError) in
            try call.expect(1...1)
            return try call.keyword(0)
        },
        ike("ipsec ike hash", \.hash) { call throws(ConfigError) in
            try call.expect(1...1)
            return try call.keyword(0)
        },
        ike("ipsec ike group", \.group) { call throws(ConfigError) in
            try call.expect(1...2)
            return IKEGateway.Groups(try call.keyword(0), call.count == 2 ? try call.keyword(1) : nil)
        },
        ike("ipsec ike duration isakmp-sa", \.isakmpSADuration) { call throws(ConfigError) in
            try call.expect(1...1)
            return try call.number(0, in: IKEGateway.durations)
        },
        ike("ipsec ike duration ipsec-sa", \.ipsecSADuration) { call throws(ConfigError) in
            try call.expect(1...1)
            return try call.number(0, in: IKEGateway.durations)
        },
        ike("ipsec ike keepalive use", \.keepalive) { call throws(ConfigError) in
            try call.expect(1...5)
            var keepalive = IKEKeepalive(mode: try call.keyword(0))
            var next = 1
            switch next < call.count ? call[next] : "" {
            case "heartbeat": keepalive.method = .heartbeat
            case "dpd": keepalive.method = .dpd
            case "icmp-echo":
                guard call.count > next + 1 else { throw ConfigError(.parameterCount) }
                keepalive.method = .icmpEcho(try call.address(next + 1))
                next += 1
            default: next -= 1
            }
            next += 1
            try call.expect(1...(next + 2))
            if next < call.count { keepalive.interval = try call.number(next, in: IKEKeepalive.intervals) }
            if next + 1 < call.count { keepalive.count = try call.number(next + 1, in: IKEKeepalive.counts) }
            return keepalive
        },
        ike("ipsec ike keepalive log", \.keepaliveLog) { call throws(ConfigError) in
            try call.expect(1...1)
            return try call.onOff(0)
        },
        ike("ipsec ike local address", \.localAddress) { call throws(ConfigError) in
            try call.expect(1...1)
            return try call.address(0)
        },
        // An address, `any` or a host name (255 characters at most, looked up by the router itself),
        // one setting held in two fields.
        Command("ipsec ike remote address", key: 1) { config, call throws(ConfigError) in
            try call.expect(2...2)
            let id = try call.number(0, in: IKEGateway.ids)
            var address: IKEGateway.RemoteAddress?
            var host: String?
            if call[1] == "any" {
                address = .any
            } else if let parsed = IPv4Address(call[1]) {
                address = .address(parsed)
            } else if HostName.isValid(call[1]), call[1].contains(where: \.isLetter) {
                host = call[1]
            } else {
                throw ConfigError(.invalidParameter)
            }
            config.ikeGateways[id, default: IKEGateway()].remoteAddress = address
            config.ikeGateways[id, default: IKEGateway()].remoteHostName = host
        } remove: { config, call throws(ConfigError) in
            let id = try call.number(0, in: IKEGateway.ids)
            config.ikeGateways[id]?.remoteAddress = nil
            config.ikeGateways[id]?.remoteHostName = nil
            config.ikeGateways.removeIfEmpty(id)
        },
        ike("ipsec ike local name", \.localName) { call throws(ConfigError) in
            try call.expect(1...2)
            return IKEGateway.Name(call[0], kind: call.count == 2 ? try call.keyword(1) : nil)
        },
        ike("ipsec ike remote name", \.remoteName) { call throws(ConfigError) in
            try call.expect(1...2)
            return IKEGateway.Name(call[0], kind: call.count == 2 ? try call.keyword(1) : nil)
        },
        ike("ipsec ike pre-shared-key", \.preSharedKey) { call throws(ConfigError) in
            try call.expect(2...2)
            try call.literal(0, "text")
            return call[1]
        },
        ike("ipsec ike nat-traversal", \.natTraversal) { call throws(ConfigError) in
            try call.expect(1...1)
            return try call.onOff(0)
        },
        ike("ipsec ike version", \.version) { call throws(ConfigError) in
            try call.expect(1...1)
            guard let version = IKEGateway.Version(rawValue: try call.number(0, in: 1...2)) else {
                throw ConfigError(.invalidParameter)
            }
            return version
        },
        ike("ipsec ike pfs", \.pfs) { call throws(ConfigError) in
            try call.expect(1...1)
            return try call.onOff(0)
        },
    ]

    /// An `ipsec ike ... GW VALUE` command that sets one property of gateway GW; `no` clears it.
    static func ike<T>(
        _ words: String, _ property: WritableKeyPath<IKEGateway, T?> & Sendable,
        parse: @escaping @Sendable (Invocation) throws(ConfigError) -> T
    ) -> Command {
        numbered(words, in: \.ikeGateways, ids: IKEGateway.ids, new: IKEGateway(), property, parse: parse)
    }
}

extension Invocation {
    func transportPort(_ index: Int) throws(ConfigError) -> IPsecTransport.Port {
        parameters[index] == "*" ? .any : .number(try port(index))
    }
}
