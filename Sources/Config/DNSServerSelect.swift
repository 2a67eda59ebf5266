import Wire

/// `dns server select ID ...`: which upstream server answers a query, by its type, its name and
/// its sender; tables are searched from the smallest ID, and the first that matches decides.
public struct DNSServerSelect: Equatable, Sendable {
    public enum Target: Equatable, Sendable {
        /// `SERVER [edns=] [SERVER2 [edns=]]`.
        case servers([DNSServerAddress])
        /// `pp N [edns=] [DEFAULT-SERVER [edns=]]`: the servers IPCP announces, else the default.
        case pp(peer: Int, edns: Bool?, fallback: DNSServerAddress?)
        /// `dhcp IF [edns=] [DEFAULT-SERVER [edns=]]`: the servers the DHCP client learned, else the default.
        case dhcp(interface: InterfaceName, edns: Bool?, fallback: DNSServerAddress?)
        /// `reject`: a matching query is discarded.
        case reject
    }

    public enum Query: Equatable, Sendable {
        /// A domain and every name under it; `.` is every name.
        case domain(DNSName)
        /// For PTR: an address, or every address of a network.
        case network(IPv4Prefix)
        /// For `reject`: a whole name, or `*` at the start or the end for a suffix or a prefix.
        case pattern(String)
    }

    public var target: Target
    /// `a`, `aaaa`, `ptr`, `mx`, `ns`, `cname` or `any`; nil when left out, which means `a`.
    public var type: String?
    public var query: Query
    /// `original-sender`: the range of query senders the table is for.
    public var sender: ClosedRange<IPv4Address>?
    /// `restrict pp N`: only while pp N is up.
    public var restrictPP: Int?

    public static let ids = 1...Int(Int32.max)
    static let types: Set<String> = ["a", "aaaa", "ptr", "mx", "ns", "cname", "any"]

    public var effectiveType: String { type ?? "a" }

    /// Whether the table is for a question of `question` from `sender`.
    public func matches(_ question: DNSQuestion, from client: IPv4Address) -> Bool {
        if let sender, !sender.contains(client) { return false }
        if effectiveType != "any", DNSType(effectiveType) != question.type { return false }
        switch query {
        case .domain(let domain):
            return question.name.isSubdomain(of: domain)
        case .network(let network):
            guard let address = question.name.reverseIPv4 else { return false }
            return network.contains(address)
        case .pattern(let pattern):
            let name = question.name.text.lowercased()
            let text = pattern.lowercased()
            if text.hasPrefix("*") { return name.hasSuffix(text.dropFirst()) }
            if text.hasSuffix("*") { return name.hasPrefix(text.dropLast()) }
            return name == text
        }
    }
}

extension Invocation {
    /// The words after the ID of `dns server select`.
    func dnsServerSelect() throws(ConfigError) -> DNSServerSelect {
        var index = 1
        func next() -> String? { index < count ? parameters[index] : nil }
        func edns() throws(ConfigError) -> Bool? {
            guard let word = next(), word.hasPrefix("edns=") else { return nil }
            index += 1
            return try Invocation.onOff(word.dropFirst(5))
        }
        /// An address followed by at least `more` words: a second server or a default server.
        func optionalServer(leaving more: Int) throws(ConfigError) -> DNSServerAddress? {
            guard let word = next(), let address = IPv4Address(word), count - index - 1 >= more else { return nil }
            index += 1
            return DNSServerAddress(address: address, edns: try edns())
        }
        guard let first = next() else { throw ConfigError(.parameterCount) }
        index += 1
        let target: DNSServerSelect.Target
        switch first {
        case "reject":
            target = .reject
        case "pp":
            guard let peer = next() else { throw ConfigError(.parameterCount) }
            index += 1
            let number = try Invocation.number(peer, in: DNSConfig.ppNumbers)
            let sw = try edns()
            target = .pp(peer: number, edns: sw, fallback: try optionalServer(leaving: 1))
        case "dhcp":
            guard let word = next(), let interface = InterfaceName(word), interface.tunnelNumber == nil else { throw ConfigError(.invalidParameter) }
            index += 1
            let sw = try edns()
            target = .dhcp(interface: interface, edns: sw, fallback: try optionalServer(leaving: 1))
        default:
            var servers = [DNSServerAddress(address: try Invocation.address(first), edns: try edns())]
            if let second = try optionalServer(leaving: 1) { servers.append(second) }
            target = .servers(servers)
        }
        var type: String?
        if let word = next(), DNSServerSelect.types.contains(word), count - index - 1 >= 1 {
            type = word
            index += 1
        }
        guard let queryText = next() else { throw ConfigError(.parameterCount) }
        index += 1
        let query: DNSServerSelect.Query
        if target == .reject {
            guard !queryText.isEmpty, queryText.allSatisfy({ $0.isASCII && !$0.isWhitespace }),
                  queryText.dropFirst().dropLast().allSatisfy({ $0 != "*" }) else { throw ConfigError(.invalidParameter) }
            query = .pattern(queryText)
        } else if type == "ptr" {
            let network = queryText.contains("/") ? IPv4Prefix(queryText) : IPv4Address(queryText).map { IPv4Prefix(address: $0, length: 32) }
            // "Every address" cannot be set for PTR.
            guard let network, network.length > 0 else { throw ConfigError(.invalidParameter) }
            query = .network(IPv4Prefix(address: network.network, length: network.length))
        } else {
            guard let domain = queryText == "." ? DNSName.root : DNSName(queryText) else { throw ConfigError(.invalidParameter) }
            query = .domain(domain)
        }
        var sender: ClosedRange<IPv4Address>?
        if let word = next(), word != "restrict" {
            index += 1
            if word.contains("-") {
                let (low, high) = try Invocation.range(word)
                sender = low...high
            } else {
                let address = try Invocation.address(word)
                sender = address...address
            }
        }
        var restrict: Int?
        if next() == "restrict" {
            guard target != .reject, index + 2 < count, parameters[index + 1] == "pp" else {
                throw ConfigError(.invalidParameter)
            }
            restrict = try Invocation.number(parameters[index + 2], in: DNSConfig.ppNumbers)
            index += 3
        }
        guard index == count else { throw ConfigError(.parameterCount) }
        return DNSServerSelect(target: target, type: type, query: query, sender: sender, restrictPP: restrict)
    }
}
