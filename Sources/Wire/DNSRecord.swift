/// A DNS record type (RFC 1035 3.2.2, RFC 3596, RFC 6891).
public struct DNSType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let a = DNSType(rawValue: 1)
    public static let ns = DNSType(rawValue: 2)
    public static let cname = DNSType(rawValue: 5)
    public static let soa = DNSType(rawValue: 6)
    public static let ptr = DNSType(rawValue: 12)
    public static let mx = DNSType(rawValue: 15)
    public static let txt = DNSType(rawValue: 16)
    public static let aaaa = DNSType(rawValue: 28)
    public static let opt = DNSType(rawValue: 41)
    public static let any = DNSType(rawValue: 255)

    static let names: [UInt16: String] = [1: "A", 2: "NS", 5: "CNAME", 6: "SOA", 12: "PTR", 15: "MX", 16: "TXT", 28: "AAAA", 41: "OPT", 255: "ANY"]

    /// `A`, `AAAA` ...; RFC 3597's `TYPE99` for the rest.
    public var description: String { DNSType.names[rawValue] ?? "TYPE\(rawValue)" }

    /// From a mnemonic in any case, or `TYPEnn`.
    public init?(_ text: String) {
        let upper = text.uppercased()
        if let (code, _) = DNSType.names.first(where: { $0.value == upper }) {
            rawValue = code
        } else if upper.hasPrefix("TYPE"), let code = UInt16(upper.dropFirst(4)) {
            rawValue = code
        } else {
            return nil
        }
    }
}

/// Class IN, the only one the proxy serves from its own data.
public enum DNSClass {
    public static let internet: UInt16 = 1
}

/// A question: name, type and class (RFC 1035 4.1.2).
public struct DNSQuestion: Hashable, Sendable {
    public var name: DNSName
    public var type: DNSType
    public var qclass: UInt16

    public init(name: DNSName, type: DNSType, qclass: UInt16 = DNSClass.internet) {
        self.name = name
        self.type = type
        self.qclass = qclass
    }
}

/// A resource record (RFC 1035 4.1.3). RDATA of the types that hold names is kept decoded, so the
/// names are decompressed on the way in and compressed again on the way out; any other type
/// (OPT included) is carried as its bytes.
public struct DNSRecord: Hashable, Sendable {
    public enum Data: Hashable, Sendable {
        case a(IPv4Address)
        case aaaa(IPv6Address)
        /// NS, CNAME and PTR.
        case name(DNSName)
        case mx(preference: UInt16, exchange: DNSName)
        case soa(mname: DNSName, rname: DNSName, serial: UInt32, refresh: UInt32, retry: UInt32, expire: UInt32, minimum: UInt32)
        case opaque([UInt8])
    }

    public var name: DNSName
    public var type: DNSType
    /// The class; the requestor's UDP payload size in an OPT record (RFC 6891 6.1.2).
    public var rclass: UInt16
    public var ttl: UInt32
    public var data: Data

    public init(name: DNSName, type: DNSType, rclass: UInt16 = DNSClass.internet, ttl: UInt32, data: Data) {
        self.name = name
        self.type = type
        self.rclass = rclass
        self.ttl = ttl
        self.data = data
    }

    /// The RDATA as dig prints it.
    public var dataText: String {
        switch data {
        case .a(let address): "\(address)"
        case .aaaa(let address): "\(address)"
        case .name(let name): "\(name)"
        case let .mx(preference, exchange): "\(preference) \(exchange)"
        case let .soa(mname, rname, serial, refresh, retry, expire, minimum): "\(mname) \(rname) \(serial) \(refresh) \(retry) \(expire) \(minimum)"
        case .opaque(let bytes): "\\# \(bytes.count)" + (bytes.isEmpty ? "" : " " + bytes.map { String($0, radix: 16).leftPadded(2) }.joined())
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
