import Wire

extension Command {
    /// The PPPoE and PPP commands inside `pp select N` that SoftRTX types (command reference chapters
    /// 6.2 and 11); the rest of the PP lines are accepted rows. They act on a numbered PP, whose PPPoE
    /// client they configure, but not on `pp select anonymous` (remote access, which SoftRTX does not serve).
    static let pp: [Command] = [
        // A PPPoE PP needs no binding (`pppoe use` names its port); binding a tunnel is for L2TP remote access.
        pp("pp bind", \.bind, acts: { _ in false }) { call throws(ConfigError) in
            try call.expect(1...Int.max)
            var interfaces: [InterfaceName] = []
            for word in call.parameters {
                guard let name = InterfaceName(word), name.ppNumber == nil, !interfaces.contains(name) else {
                    throw ConfigError(.invalidParameter)
                }
                interfaces.append(name)
            }
            return interfaces
        },
        pp("pp keepalive interval", \.keepaliveInterval) { call throws(ConfigError) in
            try call.expect(1...4)
            var keepalive = PPConfig.KeepaliveInterval(interval: try call.number(0, in: PPConfig.KeepaliveInterval.intervals))
            for word in call.parameters.dropFirst() {
                let pair = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard pair.count == 2 else { throw ConfigError(.invalidParameter) }
                switch pair[0] {
                case "retry-interval" where keepalive.retryInterval == nil:
                    keepalive.retryInterval = try Invocation.number(pair[1], in: PPConfig.KeepaliveInterval.intervals)
                case "count" where keepalive.count == nil:
                    keepalive.count = try Invocation.number(pair[1], in: PPConfig.KeepaliveInterval.counts)
                case "time" where keepalive.time == nil:
                    keepalive.time = try Invocation.number(pair[1], in: PPConfig.KeepaliveInterval.times)
                default:
                    throw ConfigError(.invalidParameter)
                }
            }
            return keepalive
        },
        // ICMP Echo keepalive is kept without effect; LCP Echo and `off` act.
        pp("pp keepalive use", \.keepaliveUse, acts: { call in Command.actsInNumberedPP(call) && !call.parameters.contains("icmp-echo") }) { call throws(ConfigError) in
            try call.expect(1...Int.max)
            if call.parameters == ["off"] { return .off }
            let lcpEcho = call[0] == "lcp-echo"
            let rest = call.parameters.dropFirst(lcpEcho ? 1 : 0)
            guard let first = rest.first else { return PPConfig.KeepaliveUse(lcpEcho: true) }
            guard first == "icmp-echo" else { throw ConfigError(.invalidParameter) }
            let targets = rest.dropFirst()
            // DEST [OPTION=VALUE...] [DEST [OPTION=VALUE...]...]: a destination comes first.
            guard let destination = targets.first, IPv4Address(destination) != nil else { throw ConfigError(.parameterCount) }
            for word in targets where IPv4Address(word) == nil {
                let pair = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard pair.count == 2, ["upwait", "downwait", "length"].contains(pair[0]) else { throw ConfigError(.invalidParameter) }
                _ = try Invocation.number(pair[1], in: pair[0] == "length" ? 64...1500 : 1...10000)
            }
            return PPConfig.KeepaliveUse(lcpEcho: lcpEcho, icmpEcho: Array(targets))
        },
        pp("pp always-on", \.alwaysOn) { call throws(ConfigError) in
            try call.expect(1...2)
            return PPConfig.AlwaysOn(enabled: try call.onOff(0),
                                     reconnectTime: call.count == 2 ? try call.number(1, in: PPConfig.AlwaysOn.reconnectTimes) : nil)
        },
        pp("pppoe use", \.pppoeInterface) { call throws(ConfigError) in
            try call.expect(1...1)
            guard let port = InterfaceName(call[0]), InterfaceName.ports.contains(port) else { throw ConfigError(.invalidParameter) }
            return port
        },
        pp("pppoe access concentrator", \.accessConcentrator) { call throws(ConfigError) in
            try call.expect(1...1)
            return try call.asciiText(0, maximumLength: PPConfig.maximumServiceNameLength)
        },
        pp("pppoe auto connect", \.autoConnect) { call throws(ConfigError) in try call.onlyOnOff() },
        pp("pppoe auto disconnect", \.autoDisconnect) { call throws(ConfigError) in try call.onlyOnOff() },
        pp("pppoe disconnect time", \.disconnectTime) { call throws(ConfigError) in
            try call.expect(1...1)
            return call[0] == "off" ? .off : .seconds(try call.number(0, in: PPConfig.DisconnectTime.range))
        },
        pp("pppoe padi maxretry", \.padiMaxRetry) { call throws(ConfigError) in try call.only(in: PPConfig.counts) },
        pp("pppoe padi restart", \.padiRestart) { call throws(ConfigError) in try call.only(in: PPConfig.restartTimes) },
        pp("pppoe padr maxretry", \.padrMaxRetry) { call throws(ConfigError) in try call.only(in: PPConfig.counts) },
        pp("pppoe padr restart", \.padrRestart) { call throws(ConfigError) in try call.only(in: PPConfig.restartTimes) },
        pp("pppoe service-name", \.serviceName) { call throws(ConfigError) in
            try call.expect(1...1)
            return try call.asciiText(0, maximumLength: PPConfig.maximumServiceNameLength)
        },
        // The access concentrator authenticates us, not we it: kept without effect.
        pp("pp auth request", \.authRequest, acts: { _ in false }) { call throws(ConfigError) in
            try call.expect(1...2)
            if call.count == 2 { try call.literal(1, "arrive-only") }
            return PPConfig.AuthRequest(try call.keyword(0), arriveOnly: call.count == 2)
        },
        pp("pp auth accept", \.authAccept) { call throws(ConfigError) in
            try call.expect(1...PPConfig.AuthProtocol.allCases.count)
            var accepted: [PPConfig.AuthProtocol] = []
            for index in 0..<call.count {
                let value: PPConfig.AuthProtocol = try call.keyword(index)
                guard !accepted.contains(value) else { throw ConfigError(.invalidParameter) }
                accepted.append(value)
            }
            return accepted
        },
        pp("pp auth myname", \.authMyname) { call throws(ConfigError) in
            try call.expect(2...2)
            guard call.parameters.allSatisfy({ $0.count <= PPConfig.AuthName.maximumLength }) else { throw ConfigError(.invalidParameter) }
            return PPConfig.AuthName(name: call[0], password: call[1])
        },
        pp("ppp lcp mru", \.mru) { call throws(ConfigError) in
            try call.expect(1...2)
            return PPConfig.MRU(enabled: try call.onOff(0), length: call.count == 2 ? try call.number(1, in: PPConfig.MRU.lengths) : nil)
        },
        pp("ppp lcp magicnumber", \.magicNumber) { call throws(ConfigError) in try call.onlyOnOff() },
        pp("ppp lcp restart", \.lcpRestart) { call throws(ConfigError) in try call.only(in: PPConfig.restartTimes) },
        pp("ppp lcp maxconfigure", \.lcpMaxConfigure) { call throws(ConfigError) in try call.only(in: PPConfig.counts) },
        pp("ppp lcp maxfailure", \.lcpMaxFailure) { call throws(ConfigError) in try call.only(in: PPConfig.counts) },
        pp("ppp lcp maxterminate", \.lcpMaxTerminate) { call throws(ConfigError) in try call.only(in: PPConfig.counts) },
        pp("ppp pap restart", \.papRestart) { call throws(ConfigError) in try call.only(in: PPConfig.restartTimes) },
        pp("ppp pap maxauthreq", \.papMaxAuthReq) { call throws(ConfigError) in try call.only(in: PPConfig.counts) },
        pp("ppp chap restart", \.chapRestart) { call throws(ConfigError) in try call.only(in: PPConfig.restartTimes) },
        pp("ppp ipcp ipaddress", \.ipcpIPAddress) { call throws(ConfigError) in try call.onlyOnOff() },
        pp("ppp ipcp msext", \.ipcpMSExt) { call throws(ConfigError) in try call.onlyOnOff() },
        pp("ppp ipcp restart", \.ipcpRestart) { call throws(ConfigError) in try call.only(in: PPConfig.restartTimes) },
        pp("ppp ipcp maxconfigure", \.ipcpMaxConfigure) { call throws(ConfigError) in try call.only(in: PPConfig.counts) },
        pp("ppp ipcp maxfailure", \.ipcpMaxFailure) { call throws(ConfigError) in try call.only(in: PPConfig.counts) },
        pp("ppp ipcp maxterminate", \.ipcpMaxTerminate) { call throws(ConfigError) in try call.only(in: PPConfig.counts) },
        // SoftRTX never compresses: `none` is what it does, a compression type is kept without effect.
        pp("ppp ccp type", \.ccpType, acts: { call in Command.actsInNumberedPP(call) && call.parameters == ["none"] }) { call throws(ConfigError) in
            try call.expect(1...1)
            return try call.keyword(0)
        },
    ]

    /// A PP command acts inside `pp select N`, not inside `pp select anonymous`.
    static let actsInNumberedPP: @Sendable (Invocation) -> Bool = { $0.pp != InterfaceName.anonymousPP }

    /// A command inside `pp select N` that sets one PP property; `no` clears it.
    static func pp<T>(
        _ words: String, _ property: WritableKeyPath<PPConfig, T?> & Sendable,
        acts: @escaping @Sendable (Invocation) -> Bool = Command.actsInNumberedPP,
        parse: @escaping @Sendable (Invocation) throws(ConfigError) -> T
    ) -> Command {
        Command(words, inPP: true, acts: acts) { config, call throws(ConfigError) in
            let number = try call.selectedPP()
            let value = try parse(call)
            config.pps[number, default: PPConfig()][keyPath: property] = value
        } remove: { config, call throws(ConfigError) in
            let number = try call.selectedPP()
            config.pps[number]?[keyPath: property] = nil
            config.pps.removeIfEmpty(number)
        }
    }
}

extension Invocation {
    /// The one parameter, `on` or `off`.
    func onlyOnOff() throws(ConfigError) -> Bool {
        try expect(1...1)
        return try onOff(0)
    }

    /// The one parameter, a number in `range`.
    func only(in range: ClosedRange<Int>) throws(ConfigError) -> Int {
        try expect(1...1)
        return try number(0, in: range)
    }

    /// A name of printable 7-bit ASCII (an AC-Name, a Service-Name).
    func asciiText(_ index: Int, maximumLength: Int) throws(ConfigError) -> String {
        let text = parameters[index]
        guard text.count <= maximumLength, text.unicodeScalars.allSatisfy({ (0x21...0x7e).contains($0.value) }) else {
            throw ConfigError(.invalidParameter)
        }
        return text
    }
}
