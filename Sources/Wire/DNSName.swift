/// A domain name as labels of bytes (RFC 1035 3.1). Compared as DNS compares names: ASCII letters
/// without regard to case (RFC 4343), which `==` and hashing follow.
public struct DNSName: Hashable, Sendable, CustomStringConvertible {
    /// Labels from the leftmost; the root is no labels.
    public private(set) var labels: [[UInt8]]

    /// RFC 1035 3.1: 255 bytes on the wire, each label at most 63.
    public static let maximumLength = 255
    public static let maximumLabel = 63
    public static let root = DNSName(checked: [])

    init(checked labels: [[UInt8]]) { self.labels = labels }

    /// From labels; nil if a label is empty or too long, or the name would exceed 255 bytes.
    public init?(labels: [[UInt8]]) {
        guard labels.allSatisfy({ (1...DNSName.maximumLabel).contains($0.count) }),
              labels.reduce(1, { $0 + 1 + $1.count }) <= DNSName.maximumLength else { return nil }
        self.labels = labels
    }

    /// Dotted text (`www.example.com`, with or without the final dot; `.` is the root). Labels are
    /// letters, digits, `-`, `_` and `*` as names in configuration are written.
    public init?(_ text: some StringProtocol) {
        var text = Substring(text)
        if text == "." { self = .root; return }
        if text.hasSuffix(".") { text = text.dropLast() }
        guard !text.isEmpty else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.allSatisfy({ $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_*".contains($0)) } }) else {
            return nil
        }
        self.init(labels: parts.map { Array($0.utf8) })
    }

    /// Dotted text as configuration writes it: no final dot, `.` for the root.
    public var text: String { labels.isEmpty ? "." : String(description.dropLast()) }

    /// Bytes on the wire without compression.
    public var wireLength: Int { labels.reduce(1) { $0 + 1 + $1.count } }

    /// Dotted text with the final dot, as dig prints names; bytes outside printable ASCII, dots and
    /// backslashes inside labels escaped as `\DDD` and `\.`.
    public var description: String {
        guard !labels.isEmpty else { return "." }
        return labels.map { label in
            label.map { byte -> String in
                switch byte {
                case UInt8(ascii: "."), UInt8(ascii: "\\"): "\\" + String(UnicodeScalar(byte))
                case 0x21...0x7E: String(UnicodeScalar(byte))
                default: "\\" + String(repeating: "0", count: byte < 10 ? 2 : byte < 100 ? 1 : 0) + String(byte)
                }
            }.joined()
        }.joined(separator: ".") + "."
    }

    /// Whether `self` is `suffix` or lies under it (`www.example.com` under `example.com`).
    public func isSubdomain(of suffix: DNSName) -> Bool {
        guard labels.count >= suffix.labels.count else { return false }
        return DNSName(checked: Array(labels.suffix(suffix.labels.count))) == suffix
    }

    /// The address a reverse name stands for: `4.3.2.1.in-addr.arpa` is 1.2.3.4 (RFC 1035 3.5);
    /// nil for any other name.
    public var reverseIPv4: IPv4Address? {
        guard labels.count == 6, DNSName(checked: Array(labels.suffix(2))) == DNSName.inAddrArpa else { return nil }
        var value: UInt32 = 0
        for label in labels.prefix(4).reversed() {
            guard label.count <= 3, label.allSatisfy({ (48...57).contains($0) }),
                  !(label.count > 1 && label[0] == 48), let octet = UInt8(String(decoding: label, as: UTF8.self)) else { return nil }
            value = value << 8 | UInt32(octet)
        }
        return IPv4Address(value)
    }

    /// `D.C.B.A.in-addr.arpa` for A.B.C.D.
    public init(reverse address: IPv4Address) {
        let octets = address.bytes.reversed().map { Array(String($0).utf8) }
        self.init(checked: octets + DNSName.inAddrArpa.labels)
    }

    static let inAddrArpa = DNSName(checked: [Array("in-addr".utf8), Array("arpa".utf8)])

    public static func == (lhs: DNSName, rhs: DNSName) -> Bool {
        lhs.labels.count == rhs.labels.count && zip(lhs.labels, rhs.labels).allSatisfy { a, b in
            a.count == b.count && zip(a, b).allSatisfy { DNSName.fold($0) == DNSName.fold($1) }
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(labels.count)
        for label in labels {
            hasher.combine(label.count)
            for byte in label { hasher.combine(DNSName.fold(byte)) }
        }
    }

    @inline(__always)
    static func fold(_ byte: UInt8) -> UInt8 { (65...90).contains(byte) ? byte | 0x20 : byte }
}
