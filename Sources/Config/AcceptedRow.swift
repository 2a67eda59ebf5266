/// A command SoftRTX accepts, keeps, shows and saves, but does not act on yet: its words, its
/// parameter grammar, how many leading parameters name the setting (as `Command.key`), where it may
/// be typed and where `show config` prints it.
struct AcceptedRow: Sendable {
    enum Scope: Sendable {
        case global, tunnel, pp
    }

    /// Where `show config` prints a row's lines, in RTX order.
    enum Placement: Sendable {
        /// First: passwords, users, security class (then `timezone`).
        case head
        /// Before `console prompt`: console settings.
        case console
        /// After `console prompt`: `login timer`.
        case afterPrompt
        /// After `ip route`: global IP switches, keepalives.
        case afterRoutes
        /// After an interface's `ip IF` lines (global `ip lanN ...`, `ethernet lanN filter`...).
        case interface
        /// After the interfaces and bridges: LAN port settings.
        case afterInterfaces
        /// Inside `pp select N`, before its `ip pp` lines.
        case pp
        /// Inside `pp select N`, after its `ip pp` lines.
        case ppTail
        /// Inside `tunnel select N`, first.
        case tunnelHead
        /// Inside `tunnel select N`, before `tunnel enable`.
        case tunnel
        /// After the tunnel blocks, before NAT: Ethernet filters.
        case afterTunnels
        /// After the NAT descriptors.
        case nat
        /// After the `dhcp scope` lines, before the DNS lines: more DHCP settings.
        case dhcp
        /// With a gateway's other `ipsec ike` lines (sorted by command among them).
        case ike
        /// After the IPsec lines: management services.
        case services
        /// After DHCP: schedules, SNMP, UPnP.
        case afterDHCP
        /// Last: statistics.
        case tail
    }

    let words: String
    let grammar: Grammar
    let key: Int
    let scope: Scope
    let placement: Placement
    /// The acting command that sets the same thing (`ip IF address dhcp` and `ip IF address`): each
    /// replaces the other.
    let shadows: String?

    init(_ words: String, _ grammar: String, key: Int = 0, scope: Scope = .global, _ placement: Placement, shadows: String? = nil) {
        self.words = words
        self.grammar = Grammar(grammar)
        self.key = key
        self.scope = scope
        self.placement = placement
        self.shadows = shadows
    }
}

/// Which setting an accepted line holds: its row, the tunnel or PP it was typed under, the interface
/// it names, and its key parameters. A line with the same key replaces it; `no` with the key removes it.
public struct AcceptedKey: Hashable, Sendable {
    var row: Int
    var scope: Int?
    var interface: InterfaceName?
    var key: [String]
}

extension Command {
    /// The command for accepted row `index` of `AcceptedRow.table`.
    init(accepting row: AcceptedRow, index: Int) {
        let key = row.key
        let shadowed = row.shadows.flatMap { words in Command.acting.first { $0.words.joined(separator: " ") == words } }
        self.init(row.words, key: key, inTunnel: row.scope == .tunnel, inPP: row.scope == .pp, acts: { _ in false }) { config, call throws(ConfigError) in
            try row.grammar.check(call.parameters[...])
            if let shadowed { try shadowed.remove(&config, call.dropFirst(call.count)) }
            config.accepted[AcceptedKey(call, row: index, key: key)] = call.parameters
        } remove: { config, call throws(ConfigError) in
            config.accepted[AcceptedKey(call, row: index, key: key)] = nil
        }
    }

    /// Every accepted row as a command.
    static let accepted: [Command] = AcceptedRow.table.enumerated().map { Command(accepting: $1, index: $0) }
}

extension AcceptedKey {
    init(_ call: Invocation, row: Int, key: Int) {
        let scope = AcceptedRow.table[row].scope
        self.init(row: row, scope: scope == .tunnel ? call.tunnel : scope == .pp ? call.pp : nil,
                  interface: call.interface, key: Array(call.parameters.prefix(key)))
    }
}

extension Config {
    /// Drops an accepted line that an acting command's setting replaces (`ip lan2 address 10.0.0.1/24`
    /// after `ip lan2 address dhcp`).
    mutating func removeShadowed(by command: Command, _ call: Invocation) {
        guard let rows = AcceptedRow.shadowing[command.words.joined(separator: " ")] else { return }
        for row in rows {
            accepted[AcceptedKey(call.dropFirst(call.count), row: row, key: 0)] = nil
        }
    }

    /// Accepted lines (`show config unsupported`): how many each command has, by its words.
    public var acceptedCounts: [(command: String, count: Int)] {
        var counts: [String: Int] = [:]
        for key in accepted.keys { counts[AcceptedRow.table[key.row].words, default: 0] += 1 }
        return counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

extension AcceptedRow {
    /// Rows by the acting command they shadow.
    static let shadowing: [String: [Int]] = Dictionary(grouping: table.indices.filter { table[$0].shadows != nil }) {
        table[$0].shadows ?? ""
    }
}
