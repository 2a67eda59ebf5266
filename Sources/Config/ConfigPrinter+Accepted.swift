/// `show config` lines of the accepted rows and the system commands, at their places in RTX order.
extension ConfigPrinter {
    /// The accepted lines of one placement. Lines naming a PP or tunnel interface print in its block.
    func acceptedLines(_ placement: AcceptedRow.Placement, block: InterfaceName? = nil, interface: InterfaceName? = nil,
                       indent: String = "") -> [String] {
        acceptedEntries(placement, block: block, interface: interface).map { indent + $0.line }
    }

    /// The accepted lines of one placement in order, each with its row's command words.
    func acceptedEntries(_ placement: AcceptedRow.Placement, block: InterfaceName? = nil,
                         interface: InterfaceName? = nil) -> [(command: String, line: String)] {
        config.accepted.filter { key, _ in
            let (home, place) = ConfigPrinter.where(key)
            return place == placement && home == block && (interface == nil || key.interface == interface)
        }
        .sorted { a, b in ConfigPrinter.order(a.key, b.key) }
        .map { key, parameters in (AcceptedRow.table[key.row].words, line(key, parameters)) }
    }

    /// The block (`pp select N`, `tunnel select N`) and placement of an accepted line.
    private static func `where`(_ key: AcceptedKey) -> (block: InterfaceName?, placement: AcceptedRow.Placement) {
        let row = AcceptedRow.table[key.row]
        switch row.scope {
        case .pp: return (key.scope.map(InterfaceName.pp), row.placement)
        case .tunnel: return (key.scope.map(InterfaceName.tunnel), row.placement)
        case .global:
            if let pp = key.interface?.ppNumber { return (.pp(pp), .ppTail) }
            if let tunnel = key.interface?.tunnelNumber { return (.tunnel(tunnel), .tunnel) }
            return (nil, row.placement)
        }
    }

    private func line(_ key: AcceptedKey, _ parameters: [String]) -> String {
        let row = AcceptedRow.table[key.row]
        let words = row.words.split(separator: " ").map { word -> String in
            guard word == "IF", let interface = key.interface else { return String(word) }
            if interface.ppNumber != nil { return "pp" }
            if interface.tunnelNumber != nil { return "tunnel" }
            return interface.description
        }
        return (words + parameters).joined(separator: " ")
    }

    /// Row order, then the selected tunnel or PP, the interface, and the key parameters (numbers by value).
    static func order(_ a: AcceptedKey, _ b: AcceptedKey) -> Bool {
        if a.row != b.row { return a.row < b.row }
        if a.scope != b.scope { return (a.scope ?? 0) < (b.scope ?? 0) }
        if a.interface != b.interface { return (a.interface.map { "\($0)" } ?? "") < (b.interface.map { "\($0)" } ?? "") }
        for (x, y) in zip(a.key, b.key) where x != y {
            if let m = Int(x), let n = Int(y) { return m < n }
            return x < y
        }
        return a.key.count < b.key.count
    }

    /// The accepted `ipsec ike` settings of one gateway, to sort among its other `ipsec ike` lines.
    func acceptedIKESettings(_ gateway: Int) -> [(command: String, value: String)] {
        config.accepted.compactMap { key, parameters in
            let row = AcceptedRow.table[key.row]
            guard row.placement == .ike, parameters.first == "\(gateway)" else { return nil }
            return (String(row.words.dropFirst("ipsec ike ".count)), parameters.dropFirst().joined(separator: " "))
        }
    }

    /// Gateways with accepted `ipsec ike` lines.
    var acceptedIKEGateways: Set<Int> {
        Set(config.accepted.compactMap { key, parameters in
            AcceptedRow.table[key.row].placement == .ike ? parameters.first.flatMap { Int($0) } : nil
        })
    }

    /// Tunnels with accepted lines, so a block prints for them.
    var acceptedTunnels: Set<Int> {
        Set(config.accepted.keys.compactMap { key in
            AcceptedRow.table[key.row].scope == .tunnel ? key.scope : key.interface?.tunnelNumber
        })
    }

    /// `description IF TEXT` of an interface, as the block or interface section prints it.
    func descriptionLine(_ name: InterfaceName, as shown: String, indent: String = "") -> [String] {
        guard let text = config.interfaces[name]?.descriptionText else { return [] }
        return ["\(indent)description \(shown) \(text)"]
    }

    /// Console settings before `console prompt`: `console character`, `console info` (kept), then
    /// `console lines` and `console columns`.
    var consoleLines: [String] {
        var lines = config.consoleCharacter.map { ["console character \($0.rawValue)"] } ?? []
        lines += acceptedLines(.console)
        if let count = config.consoleLines { lines.append("console lines \(count)") }
        if let columns = config.consoleColumns { lines.append("console columns \(columns)") }
        return lines
    }

    /// `timezone`, printed after the users and security class.
    var timezoneLines: [String] {
        config.timezone.map { ["timezone \($0)"] } ?? []
    }

    /// The `syslog` lines, before the management servers.
    var syslogLines: [String] {
        let s = config.syslog
        var lines: [String] = []
        if let hosts = s.hosts { lines.append("syslog host " + hosts.joined(separator: " ")) }
        if let facility = s.facility { lines.append("syslog facility \(SyslogSettings.facilityName(facility))") }
        if let on = s.notice { lines.append("syslog notice \(on ? "on" : "off")") }
        if let on = s.info { lines.append("syslog info \(on ? "on" : "off")") }
        if let on = s.debug { lines.append("syslog debug \(on ? "on" : "off")") }
        if let address = s.localAddress { lines.append("syslog local address \(address)") }
        if let port = s.sourcePort { lines.append("syslog srcport \(port)") }
        return lines
    }

    var statisticsLines: [String] {
        (config.statisticsTraffic.map { ["statistics traffic \($0 ? "on" : "off")"] } ?? []) + acceptedLines(.tail)
    }
}
