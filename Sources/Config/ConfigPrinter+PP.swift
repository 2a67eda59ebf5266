/// `show config` lines of a `pp select N` block: the typed PP settings and the accepted PP lines
/// interleaved in RTX order, then the `ip pp` lines, the accepted tail and `pp enable N`.
extension ConfigPrinter {
    /// Every command of a PP block before its `ip pp` lines, typed or accepted, in the order an RTX
    /// shows them.
    static let ppCommandOrder: [String] = [
        "pp bind", "pp keepalive interval", "pp keepalive use", "pp keepalive log", "pp always-on",
        "pppoe use", "pppoe access concentrator", "pppoe auto connect", "pppoe auto disconnect",
        "pppoe call prohibit auth-error count", "pppoe disconnect time", "pppoe invalid-session forced close",
        "pppoe padi maxretry", "pppoe padi restart", "pppoe padr maxretry", "pppoe padr restart", "pppoe service-name",
        "pp auth request", "pp auth accept", "pp auth myname", "pp auth username",
        "ppp lcp mru", "ppp lcp magicnumber", "ppp lcp accm", "ppp lcp acfc", "ppp lcp pfc", "ppp lcp silent",
        "ppp lcp restart", "ppp lcp maxconfigure", "ppp lcp maxfailure", "ppp lcp maxterminate",
        "ppp pap restart", "ppp pap maxauthreq", "ppp chap restart", "ppp chap maxchallenge",
        "ppp ipcp ipaddress", "ppp ipcp msext", "ppp ipcp vjc", "ppp ipcp remote address check",
        "ppp ipcp restart", "ppp ipcp maxconfigure", "ppp ipcp maxfailure", "ppp ipcp maxterminate",
        "ppp ccp type", "ppp ipv6cp use",
    ]

    private static let ppCommandRank: [String: Int] = Dictionary(uniqueKeysWithValues: ppCommandOrder.enumerated().map { ($1, $0) })

    /// A `pp select N` block: description, PP settings, `ip pp` lines, accepted tail, `pp enable N`.
    func ppBlock(_ number: Int, interfaceLines: [String]) -> [String] {
        let pp = config.effectivePP(number)
        var lines = ["pp select \(InterfaceName.ppText(number))"]
        if let text = pp.descriptionText { lines.append(" description pp \(text)") }
        let entries = ConfigPrinter.ppSettingLines(pp) + acceptedEntries(.pp, block: .pp(number))
        // Sorted by command rank, then by position, so lines of one command keep their order.
        lines += entries.enumerated()
            .sorted { a, b in
                let (x, y) = (ConfigPrinter.ppCommandRank[a.element.command] ?? Int.max, ConfigPrinter.ppCommandRank[b.element.command] ?? Int.max)
                return x != y ? x < y : a.offset < b.offset
            }
            .map { " " + $0.element.line }
        lines += interfaceLines
        lines += acceptedLines(.ppTail, block: .pp(number), indent: " ")
        if config.ppEnabled.contains(number) { lines.append(" pp enable \(InterfaceName.ppText(number))") }
        return lines
    }

    /// The typed PP settings as lines, each with its command words.
    static func ppSettingLines(_ pp: PPConfig) -> [(command: String, line: String)] {
        var lines: [(command: String, line: String)] = []
        func add(_ command: String, _ value: String?) {
            if let value { lines.append((command, "\(command) \(value)")) }
        }
        func onOff(_ value: Bool?) -> String? { value.map { $0 ? "on" : "off" } }
        func number(_ value: Int?) -> String? { value.map(String.init) }

        add("pp bind", pp.bind.map { $0.map(\.description).joined(separator: " ") })
        add("pp keepalive interval", pp.keepaliveInterval.map { k in
            ([String(k.interval)] + [k.retryInterval.map { "retry-interval=\($0)" }, k.count.map { "count=\($0)" },
                                     k.time.map { "time=\($0)" }].compactMap { $0 }).joined(separator: " ")
        })
        add("pp keepalive use", pp.keepaliveUse.map { use in
            guard use.lcpEcho || !use.icmpEcho.isEmpty else { return "off" }
            return ((use.lcpEcho ? ["lcp-echo"] : []) + (use.icmpEcho.isEmpty ? [] : ["icmp-echo"] + use.icmpEcho)).joined(separator: " ")
        })
        add("pp always-on", pp.alwaysOn.map { ($0.enabled ? "on" : "off") + ($0.reconnectTime.map { " \($0)" } ?? "") })
        add("pppoe use", pp.pppoeInterface?.description)
        add("pppoe access concentrator", pp.accessConcentrator)
        add("pppoe auto connect", onOff(pp.autoConnect))
        add("pppoe auto disconnect", onOff(pp.autoDisconnect))
        add("pppoe disconnect time", pp.disconnectTime.map {
            switch $0 {
            case .seconds(let seconds): "\(seconds)"
            case .off: "off"
            }
        })
        add("pppoe padi maxretry", number(pp.padiMaxRetry))
        add("pppoe padi restart", number(pp.padiRestart))
        add("pppoe padr maxretry", number(pp.padrMaxRetry))
        add("pppoe padr restart", number(pp.padrRestart))
        add("pppoe service-name", pp.serviceName)
        add("pp auth request", pp.authRequest.map { $0.kind.rawValue + ($0.arriveOnly ? " arrive-only" : "") })
        add("pp auth accept", pp.authAccept.map { $0.map(\.rawValue).joined(separator: " ") })
        add("pp auth myname", pp.authMyname.map { "\($0.name) \($0.password)" })
        add("ppp lcp mru", pp.mru.map { ($0.enabled ? "on" : "off") + ($0.length.map { " \($0)" } ?? "") })
        add("ppp lcp magicnumber", onOff(pp.magicNumber))
        add("ppp lcp restart", number(pp.lcpRestart))
        add("ppp lcp maxconfigure", number(pp.lcpMaxConfigure))
        add("ppp lcp maxfailure", number(pp.lcpMaxFailure))
        add("ppp lcp maxterminate", number(pp.lcpMaxTerminate))
        add("ppp pap restart", number(pp.papRestart))
        add("ppp pap maxauthreq", number(pp.papMaxAuthReq))
        add("ppp chap restart", number(pp.chapRestart))
        add("ppp ipcp ipaddress", onOff(pp.ipcpIPAddress))
        add("ppp ipcp msext", onOff(pp.ipcpMSExt))
        add("ppp ipcp restart", number(pp.ipcpRestart))
        add("ppp ipcp maxconfigure", number(pp.ipcpMaxConfigure))
        add("ppp ipcp maxfailure", number(pp.ipcpMaxFailure))
        add("ppp ipcp maxterminate", number(pp.ipcpMaxTerminate))
        add("ppp ccp type", pp.ccpType?.rawValue)
        return lines
    }
}
