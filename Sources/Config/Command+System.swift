import Wire

extension Command {
    /// System commands: the clock's zone, syslog, port descriptions, traffic statistics and the
    /// console's page size, which SoftRTX acts on; the PP switches and operations, which it keeps (or takes) without effect.
    static let system: [Command] = [
        setting("timezone", \.timezone) { call throws(ConfigError) in
            guard let zone = Timezone(call[0]) else { throw ConfigError(.invalidParameter) }
            return zone
        },
        // `description IF TEXT`: 64 characters at most; a quoted text keeps its spaces. `show status
        // lanN` shows a port's, `show status pp N` a PP's (kept with its PP settings); a tunnel's is only kept.
        Command("description IF", acts: { call in call.interface.map { InterfaceName.ports.contains($0) || $0.ppNumber != nil } ?? false }) { config, call throws(ConfigError) in
            try call.expect(1...Int.max)
            let text = call.parameters.joined(separator: " ")
            guard text.count <= 64 else { throw ConfigError(.invalidParameter) }
            let name = try call.selectedInterface()
            if let pp = name.ppNumber {
                config.pps[pp, default: PPConfig()].descriptionText = text
            } else {
                config.interfaces[name, default: InterfaceConfig()].descriptionText = text
            }
        } remove: { config, call throws(ConfigError) in
            let name = try call.selectedInterface()
            if let pp = name.ppNumber {
                config.pps[pp]?.descriptionText = nil
                config.pps.removeIfEmpty(pp)
            } else {
                config.interfaces[name]?.descriptionText = nil
                config.interfaces.removeIfEmpty(name)
            }
        },
        Command("syslog host", acts: { call in call.parameters.allSatisfy { IPv4Address($0) != nil } }) { config, call throws(ConfigError) in
            try call.expect(1...SyslogSettings.maximumHosts)
            for host in call.parameters where IPv4Address(host) == nil {
                // A host name: letters, digits, dots and hyphens (RTX also takes IPv6 addresses).
                guard host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-.:".contains($0)) }) else {
                    throw ConfigError(.invalidParameter)
                }
            }
            config.syslog.hosts = call.parameters
        } remove: { config, _ throws(ConfigError) in
            config.syslog.hosts = nil
        },
        setting("syslog facility", \.syslog.facility) { call throws(ConfigError) in
            guard let number = SyslogSettings.facilityNumber(call[0]) else { throw ConfigError(.invalidParameter) }
            return number
        },
        setting("syslog notice", \.syslog.notice) { call throws(ConfigError) in try call.onOff(0) },
        setting("syslog info", \.syslog.info) { call throws(ConfigError) in try call.onOff(0) },
        setting("syslog debug", \.syslog.debug) { call throws(ConfigError) in try call.onOff(0) },
        setting("syslog local address", \.syslog.localAddress) { call throws(ConfigError) in try call.address(0) },
        setting("syslog srcport", \.syslog.sourcePort) { call throws(ConfigError) in Int(try call.port(0)) },
        setting("console character", \.consoleCharacter) { call throws(ConfigError) in try call.keyword(0) },
        setting("console lines", \.consoleLines) { call throws(ConfigError) in
            call[0] == "infinity" ? .infinity : .count(try call.number(0, in: ConsoleLines.counts))
        },
        setting("console columns", \.consoleColumns) { call throws(ConfigError) in try call.number(0, in: 80...4096) },
        setting("statistics traffic", \.statisticsTraffic) { call throws(ConfigError) in try call.onOff(0) },
        // `pp enable N|all` anywhere: a PPPoE PP connects once enabled. `pp enable anonymous` (remote
        // access clients) is kept without effect.
        Command("pp enable", key: 1, acts: Command.actsOnNumberedPP) { config, call throws(ConfigError) in
            try call.expect(1...1)
            config.ppEnabled.formUnion(try config.ppNumbers(call))
        } remove: { config, call throws(ConfigError) in
            config.ppEnabled.subtract(try config.ppNumbers(call))
        },
        Command("pp disable", key: 1, acts: Command.actsOnNumberedPP) { config, call throws(ConfigError) in
            try call.expect(1...1)
            config.ppEnabled.subtract(try config.ppNumbers(call))
        } remove: { config, call throws(ConfigError) in
            config.ppEnabled.subtract(try config.ppNumbers(call))
        },
        // Operations rather than settings: accepted (a schedule's tail, a pasted session), not kept.
        operation("ntpdate", "TEXT [syslog]"),
        operation("rdate", "TEXT [syslog]"),
    ]

    /// `pp enable|disable N|all` acts; `anonymous` is kept without effect.
    static let actsOnNumberedPP: @Sendable (Invocation) -> Bool = { call in call.parameters.first != "anonymous" }

    /// A console operation SoftRTX takes without doing it, checked against its grammar.
    static func operation(_ words: String, _ grammar: String) -> Command {
        let grammar = Grammar(grammar)
        return Command(words, acts: { _ in false }) { _, call throws(ConfigError) in
            try grammar.check(call.parameters[...])
        } remove: { _, _ throws(ConfigError) in
            throw ConfigError(.invalidCommandName)
        }
    }
}

extension Config {
    /// `N`, `anonymous` or `all` (every PP that has a setting) for `pp enable|disable`.
    fileprivate func ppNumbers(_ call: Invocation) throws(ConfigError) -> Set<Int> {
        call[0] == "all" ? Set(ppBlocks) : [try InterfaceName.ppNumber(call[0])]
    }

    /// Every PP with a setting, in order, `anonymous` last.
    var ppBlocks: [Int] {
        var numbers = ppEnabled
        numbers.formUnion(interfaces.keys.compactMap(\.ppNumber))
        numbers.formUnion(pps.keys)
        numbers.formUnion(accepted.keys.compactMap { key in AcceptedRow.table[key.row].scope == .pp ? key.scope : nil })
        // `pp select anonymous` comes after the numbered PPs.
        return numbers.sorted { ($0 == InterfaceName.anonymousPP ? Int.max : $0) < ($1 == InterfaceName.anonymousPP ? Int.max : $1) }
    }
}
