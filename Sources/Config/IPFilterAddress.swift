import Wire

/// The address field of `ip filter` and `ip filter dynamic`: `*`, or a comma list of items, each an
/// address, `A/len` (or `A/MASK`, `A/0xHEX`), a range `A-B`, `-B`, `A-`, or octets with `*` (`192.168.*.*`).
public struct IPFilterAddress: Equatable, Sendable, CustomStringConvertible {
    public enum Item: Equatable, Sendable {
        /// Every address from `first` to `last`; a single address, a prefix and a range all become one.
        case range(IPv4Address, IPv4Address, text: String)
        /// Octets given as `*` match anything: the address matches when `address & mask == value`.
        case octets(mask: UInt32, value: UInt32, text: String)
    }

    /// Empty for `*`.
    public var items: [Item]

    public static let any = IPFilterAddress(items: [])

    public var isAny: Bool { items.isEmpty }

    public var description: String {
        isAny ? "*" : items.map { item in
            switch item {
            case let .range(_, _, text), let .octets(_, _, text): text
            }
        }.joined(separator: ",")
    }

    init(items: [Item]) { self.items = items }

    /// Parses the field; FQDNs (`www.example.com`) and `map-e`/`hb46pp` are refused.
    init(_ text: String) throws(ConfigError) {
        if text == "*" { self = .any; return }
        var items: [Item] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            items.append(try IPFilterAddress.item(part))
        }
        self.init(items: items)
    }

    private static func item(_ text: Substring) throws(ConfigError) -> Item {
        guard !text.isEmpty else { throw ConfigError(.invalidParameter) }
        if text == "*" { return .range(.any, .broadcast, text: "*") }
        if let slash = text.firstIndex(of: "/") {
            let address = try Invocation.address(text[..<slash])
            let length = try maskLength(text[text.index(after: slash)...])
            let prefix = IPv4Prefix(address: address, length: length)
            return .range(prefix.network, prefix.directedBroadcast, text: "\(address)/\(length)")
        }
        if text.contains("*") {
            let octets = text.split(separator: ".", omittingEmptySubsequences: false)
            guard octets.count == 4 else { throw ConfigError(.invalidParameter) }
            var mask: UInt32 = 0, value: UInt32 = 0
            for octet in octets {
                mask <<= 8
                value <<= 8
                if octet == "*" { continue }
                let number = try Invocation.number(octet, in: 0...255)
                mask |= 0xFF
                value |= UInt32(number)
            }
            return .octets(mask: mask, value: value, text: String(text))
        }
        if let dash = text.firstIndex(of: "-") {
            let low = text[..<dash], high = text[text.index(after: dash)...]
            guard !(low.isEmpty && high.isEmpty) else { throw ConfigError(.invalidParameter) }
            let first = low.isEmpty ? IPv4Address.any : try Invocation.address(low)
            let last = high.isEmpty ? IPv4Address.broadcast : try Invocation.address(high)
            guard first <= last else { throw ConfigError(.invalidParameter) }
            return .range(first, last, text: String(text))
        }
        let address = try Invocation.address(text)
        return .range(address, address, text: "\(address)")
    }

    /// `24`, `255.255.255.0` or `0xffffff00`; the mask must be contiguous.
    private static func maskLength(_ text: Substring) throws(ConfigError) -> Int {
        if text.hasPrefix("0x") {
            let hex = text.dropFirst(2)
            guard hex.count == 8, let value = UInt32(hex, radix: 16),
                  let length = IPv4Prefix.length(ofMask: IPv4Address(value)) else { throw ConfigError(.invalidParameter) }
            return length
        }
        if text.contains(".") {
            guard let mask = IPv4Address(text), let length = IPv4Prefix.length(ofMask: mask) else { throw ConfigError(.invalidParameter) }
            return length
        }
        return try Invocation.number(text, in: 0...32)
    }
}
