/// The protocol field of `ip filter`: `*`, or a comma list of numbers, names and the special kinds.
public struct IPFilterProtocol: Equatable, Sendable, CustomStringConvertible {
    public enum Item: Equatable, Sendable {
        /// A protocol by number (`tcp` is 6, `47` is GRE).
        case number(UInt8)
        /// ICMP of the error types 3, 4, 5, 11, 12, 31, 32.
        case icmpError
        /// ICMP of the information types 0, 8-10, 13-18, 30, 33-36.
        case icmpInfo
        /// TCP with SYN (`tcpsyn`), FIN, RST or ACK (`established`) set.
        case tcpFlags(UInt16)
        /// `tcpflag=VALUE/MASK` (`equal`) or `tcpflag!=VALUE/MASK`.
        case tcpFlag(value: UInt16, mask: UInt16, equal: Bool)
    }

    /// Empty for `*`.
    public var items: [Item]
    /// The field as typed, names and numbers kept.
    public var text: String

    public static let any = IPFilterProtocol(items: [], text: "*")

    public var isAny: Bool { items.isEmpty }
    public var description: String { text }

    /// Protocol names of the reference (8.1.10).
    static let names: [String: UInt8] = ["icmp": 1, "tcp": 6, "udp": 17, "ipv6": 41, "gre": 47, "esp": 50, "ah": 51, "icmp6": 58]

    init(items: [Item], text: String) {
        self.items = items
        self.text = text
    }

    init(_ text: String) throws(ConfigError) {
        if text == "*" { self = .any; return }
        var items: [Item] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            items.append(try IPFilterProtocol.item(part))
        }
        self.init(items: items, text: text)
    }

    private static func item(_ text: Substring) throws(ConfigError) -> Item {
        if let number = names[String(text)] { return .number(number) }
        switch text {
        case "icmp-error": return .icmpError
        case "icmp-info": return .icmpInfo
        case "tcpsyn": return .tcpFlags(0x002)
        case "tcpfin": return .tcpFlags(0x001)
        case "tcprst": return .tcpFlags(0x004)
        case "established": return .tcpFlags(0x010)
        default: break
        }
        for (prefix, equal) in [("tcpflag=", true), ("tcpflag!=", false)] where text.hasPrefix(prefix) {
            let parts = text.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw ConfigError(.invalidParameter) }
            return .tcpFlag(value: try hex(parts[0]), mask: try hex(parts[1]), equal: equal)
        }
        return .number(UInt8(try Invocation.number(text, in: 0...255)))
    }

    /// `0x0000`-`0xffff`.
    private static func hex(_ text: Substring) throws(ConfigError) -> UInt16 {
        guard text.hasPrefix("0x"), (1...4).contains(text.count - 2), let value = UInt16(text.dropFirst(2), radix: 16) else {
            throw ConfigError(.invalidParameter)
        }
        return value
    }

    /// Whether the list names TCP or UDP in any form: then the port fields are TCP/UDP ports.
    public var includesTCPOrUDP: Bool {
        items.contains { item in
            switch item {
            case .number(let n): n == 6 || n == 17
            case .tcpFlags, .tcpFlag: true
            case .icmpError, .icmpInfo: false
            }
        }
    }

    /// `icmp` alone: the port fields are the ICMP type and code.
    public var isICMPOnly: Bool { items == [.number(1)] }
}

/// A port field of `ip filter`: `*`, or a comma list (at most 10) of ports, names and ranges
/// (`N-M`, `N-`, `-M`). Holds each item as typed, so `show config` prints the names back.
public struct IPFilterPorts: Equatable, Sendable, CustomStringConvertible {
    public struct Item: Equatable, Sendable {
        /// `ftp` stands for 20 and 21.
        public var range: ClosedRange<UInt16>
        public var text: String
    }

    /// Empty for `*`.
    public var items: [Item]

    public static let any = IPFilterPorts(items: [])
    public static let maximumItems = 10

    public var isAny: Bool { items.isEmpty }
    public var description: String { isAny ? "*" : items.map(\.text).joined(separator: ",") }

    /// Port names of the reference (8.1.10) and of YAMAHA's published filter sets (`netbios_ns`,
    /// `dhcps`, `https` ...), with IANA's numbers.
    static let names: [String: UInt16] = [
        "ftpdata": 20, "ftp": 21, "ssh": 22, "telnet": 23, "smtp": 25, "domain": 53, "dhcps": 67, "dhcpc": 68,
        "tftp": 69, "gopher": 70, "finger": 79, "www": 80, "http": 80, "pop3": 110, "sunrpc": 111, "ident": 113,
        "nntp": 119, "ntp": 123, "netbios_ns": 137, "netbios_dgm": 138, "netbios_ssn": 139, "imap": 143,
        "snmp": 161, "snmptrap": 162, "bgp": 179, "https": 443, "ike": 500, "syslog": 514, "printer": 515,
        "talk": 517, "route": 520, "uucp": 540, "submission": 587, "l2tp": 1701, "pptp": 1723, "ipsec-nat-t": 4500,
    ]

    init(items: [Item]) { self.items = items }

    init(_ text: String) throws(ConfigError) {
        if text == "*" { self = .any; return }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count <= IPFilterPorts.maximumItems else { throw ConfigError(.invalidParameter) }
        var items: [Item] = []
        for part in parts { items.append(try IPFilterPorts.item(part)) }
        self.init(items: items)
    }

    private static func item(_ text: Substring) throws(ConfigError) -> Item {
        guard !text.isEmpty else { throw ConfigError(.invalidParameter) }
        if text == "ftp" { return Item(range: 20...21, text: "ftp") }
        // A name may hold no dash but `ipsec-nat-t` does: try the whole item as one port first.
        if let port = try? port(text) { return Item(range: port...port, text: String(text)) }
        guard let dash = text.firstIndex(of: "-") else { throw ConfigError(.invalidParameter) }
        let low = text[..<dash], high = text[text.index(after: dash)...]
        guard !(low.isEmpty && high.isEmpty) else { throw ConfigError(.invalidParameter) }
        let first = low.isEmpty ? 0 : try port(low)
        let last = high.isEmpty ? 65535 : try port(high)
        guard first <= last else { throw ConfigError(.invalidParameter) }
        return Item(range: first...last, text: String(text))
    }

    private static func port(_ text: Substring) throws(ConfigError) -> UInt16 {
        if let named = names[String(text)] { return named }
        return UInt16(try Invocation.number(text, in: 0...65535))
    }
}
