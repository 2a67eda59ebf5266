/// An IPv4 address held as a host-order 32-bit value.
public struct IPv4Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var value: UInt32

    public init(_ value: UInt32) { self.value = value }

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Parses dotted-quad text; nil for anything else (no leading zeros beyond "0", four parts).
    public init?(_ text: some StringProtocol) {
        var result: UInt32 = 0
        var parts = 0
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let octet = UInt8(part) else { return nil }
            result = result << 8 | UInt32(octet)
            parts += 1
        }
        guard parts == 4 else { return nil }
        value = result
    }

    public static let any = IPv4Address(0)
    public static let broadcast = IPv4Address(0xFFFF_FFFF)

    public var octets: (UInt8, UInt8, UInt8, UInt8) {
        (UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value))
    }

    /// Network byte order, as ID and NAT-D payloads carry it.
    public var bytes: [UInt8] { [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)] }

    /// From four bytes in network order; 0.0.0.0 if fewer are given.
    public init(bytes: some Collection<UInt8>) {
        guard bytes.count >= 4 else { self.init(0); return }
        self.init(bytes.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
    }

    public var isMulticast: Bool { value >> 28 == 0xE }
    /// 0.0.0.0/8 ("this network", RFC 1122 3.2.1.3) or 127.0.0.0/8 (loopback): never on a wire between
    /// routers, and never forwarded (RFC 1812 5.3.7).
    public var isMartian: Bool { value >> 24 == 0 || value >> 24 == 127 }

    public var description: String {
        let o = octets
        return "\(o.0).\(o.1).\(o.2).\(o.3)"
    }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }
}

/// An address with a prefix length, as in `ip lan1 address 192.168.100.1/24` or a route's network.
public struct IPv4Prefix: Hashable, Sendable, CustomStringConvertible {
    public var address: IPv4Address
    public var length: Int

    public init(address: IPv4Address, length: Int) {
        precondition((0...32).contains(length), "prefix length out of range")
        self.address = address
        self.length = length
    }

    /// Parses `A.B.C.D/LEN` or `A.B.C.D/M.M.M.M` (a contiguous netmask).
    public init?(_ text: some StringProtocol) {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count == 2, let address = IPv4Address(pieces[0]) else { return nil }
        if pieces[1].allSatisfy(\.isNumber), pieces[1].count <= 2, let length = Int(pieces[1]), (0...32).contains(length) {
            self.init(address: address, length: length)
        } else if let mask = IPv4Address(pieces[1]), let length = IPv4Prefix.length(ofMask: mask) {
            self.init(address: address, length: length)
        } else {
            return nil
        }
    }

    public static func length(ofMask mask: IPv4Address) -> Int? {
        let ones = mask.value.leadingZeroBitCount == 0 ? (~mask.value).leadingZeroBitCount : 0
        return IPv4Prefix.mask(length: ones) == mask.value ? ones : nil
    }

    public static func mask(length: Int) -> UInt32 { length == 0 ? 0 : ~UInt32(0) << (32 - length) }

    public var mask: IPv4Address { IPv4Address(IPv4Prefix.mask(length: length)) }
    public var network: IPv4Address { IPv4Address(address.value & IPv4Prefix.mask(length: length)) }
    public var directedBroadcast: IPv4Address { IPv4Address(address.value | ~IPv4Prefix.mask(length: length)) }

    public func contains(_ other: IPv4Address) -> Bool {
        (other.value ^ address.value) & IPv4Prefix.mask(length: length) == 0
    }

    public var description: String { "\(address)/\(length)" }
}
