import Wire

/// A router's configuration as typed data; nil or empty means "not set", and an `effective...`
/// accessor gives the value an RTX uses then.
public struct Config: Equatable, Sendable {
    /// The model the defaults belong to (the Host Name AVP and the L2TP secret default to it).
    public var model: String
    public var consolePrompt: String?
    /// `ip route`; the default route is 0.0.0.0/0.
    public var routes: [IPv4Prefix: RouteGateway] = [:]
    /// Options after a route's gateway (`hide`, `metric N`...), kept without effect.
    public var routeOptions: [IPv4Prefix: [String]] = [:]
    public var interfaces: [InterfaceName: InterfaceConfig] = [:]
    /// `bridge member BRIDGE IF...`, members in the order given.
    public var bridges: [InterfaceName: [InterfaceName]] = [:]
    public var tunnels: [Int: TunnelConfig] = [:]
    public var natDescriptors: [Int: NATDescriptor] = [:]
    public var ipsecSAPolicies: [Int: IPsecSAPolicy] = [:]
    public var ikeGateways: [Int: IKEGateway] = [:]
    public var ipsecAutoRefresh: Bool?
    public var ipsecTransports: [Int: IPsecTransport] = [:]
    public var dhcpService: DHCPService?
    public var dhcpRFC2131Compliance: RFC2131Compliance?
    public var dhcpScopes: [Int: DHCPScope] = [:]
    public var dhcpScopeOptions: [Int: DHCPScopeOptions] = [:]
    public var l2tpService: L2TPService?
    public var arpTimer: Int?
    /// `ip filter source-route on|off`: discard packets carrying a source-route option (LSRR, SSRR).
    public var filterSourceRoute: Bool?
    /// `ip filter directed-broadcast on|off`: discard packets to a connected network's directed broadcast.
    public var filterDirectedBroadcast: Bool?
    /// `ip filter N ...`, by number.
    public var ipFilters: [Int: IPFilter] = [:]
    /// `ip filter dynamic N ...`, by number.
    public var ipDynamicFilters: [Int: IPDynamicFilter] = [:]
    /// `ip filter dynamic timer OPTION=SECONDS...`, by option name (`tcp-syn-timeout` ...).
    public var dynamicFilterTimers: [DynamicFilterTimer: Int] = [:]
    /// The `dns ...` commands and `ip host`.
    public var dns = DNSConfig()
    /// `timezone`: the zone of log and report times.
    public var timezone: Timezone?
    /// `console lines N|infinity` and `console columns N`: the page an interactive console shows.
    /// `console character`: the console's language (and, on an RTX, its character code).
    public var consoleCharacter: ConsoleCharacter?
    public var consoleLines: ConsoleLines?
    public var consoleColumns: Int?
    public var syslog = SyslogSettings()
    /// `statistics traffic on|off`: per-interface traffic counters in `show status lanN`.
    public var statisticsTraffic: Bool?
    /// `pp enable N`.
    public var ppEnabled: Set<Int> = []
    /// The typed settings of each `pp select N` (PPPoE, PPP, keepalive), by PP number.
    public var pps: [Int: PPConfig] = [:]
    /// Lines SoftRTX keeps without acting on (see `AcceptedRow`), with their parameters.
    public var accepted: [AcceptedKey: [String]] = [:]

    /// An empty configuration (every setting at its default).
    public init(model: String = "RTX830") { self.model = model }

    /// What a new router has before anyone types a command.
    public static func factoryDefault(model: String = "RTX830") -> Config {
        var config = Config(model: model)
        config.interfaces[.lan1] = InterfaceConfig(address: IPv4Prefix(address: IPv4Address(192, 168, 100, 1), length: 24))
        config.dhcpService = .server
        config.dhcpRFC2131Compliance = .exceptRemainSilent
        config.dhcpScopes[1] = DHCPScope(first: IPv4Address(192, 168, 100, 2), last: IPv4Address(192, 168, 100, 191), prefixLength: 24)
        return config
    }

    public var effectiveARPTimer: Int { arpTimer ?? 1200 }
    public var effectiveTimezone: Timezone { timezone ?? .jst }
    /// RTX defaults: 24 lines of 80 columns.
    /// RTX830 (Rev.15.02, after Rev.14.01): ja.sjis.
    public var effectiveConsoleCharacter: ConsoleCharacter { consoleCharacter ?? .jaSJIS }
    public var effectiveConsoleLines: ConsoleLines { consoleLines ?? .count(24) }
    public var effectiveConsoleColumns: Int { consoleColumns ?? 80 }
    /// RTX default: off.
    public var effectiveStatisticsTraffic: Bool { statisticsTraffic ?? false }
    /// Both default to `on` (discard), as in the RTX command reference.
    public var effectiveFilterSourceRoute: Bool { filterSourceRoute ?? true }
    public var effectiveFilterDirectedBroadcast: Bool { filterDirectedBroadcast ?? true }
    public var effectiveIPsecAutoRefresh: Bool { ipsecAutoRefresh ?? false }
    public var effectiveRFC2131Compliance: RFC2131Compliance { dhcpRFC2131Compliance ?? .on }
    public var effectiveL2TPService: L2TPService { l2tpService ?? L2TPService(enabled: false) }
    public func effectiveInterface(_ name: InterfaceName) -> InterfaceConfig { interfaces[name] ?? InterfaceConfig() }
    public func effectiveTunnel(_ number: Int) -> TunnelConfig { tunnels[number] ?? TunnelConfig() }
    public func effectivePP(_ number: Int) -> PPConfig { pps[number] ?? PPConfig() }
    public func effectiveIKEGateway(_ id: Int) -> IKEGateway { ikeGateways[id] ?? IKEGateway() }
    /// The L2TP Host Name of tunnel N: `l2tp hostname` or the model name.
    public func l2tpHostname(tunnel number: Int) -> String { effectiveTunnel(number).effectiveL2TPHostname(model: model) }
}
