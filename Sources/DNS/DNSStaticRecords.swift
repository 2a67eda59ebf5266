import Config
import Wire

/// `dns static` and `ip host` as records to answer with. As the reference describes an RTX's
/// answer: one record in the answer section, nothing in authority or additional, TTL `ttl=` or 1,
/// MX preference 0.
public struct DNSStaticRecords: Equatable, Sendable {
    private var records: [DNSStaticKey: DNSRecord] = [:]

    public init() {}

    public init(_ dns: DNSConfig) {
        // `ip host` is an A and a PTR; a `dns static` line for the same name and type wins.
        for (name, host) in dns.ipHosts {
            let ttl = host.ttl ?? 1
            records[DNSStaticKey(type: .a, name: name)] = DNSRecord(name: name, type: .a, ttl: ttl, data: .a(host.address))
            let reverse = DNSName(reverse: host.address)
            records[DNSStaticKey(type: .ptr, name: reverse)] = DNSRecord(name: reverse, type: .ptr, ttl: ttl, data: .name(name))
        }
        for (key, value) in dns.statics {
            let data: DNSRecord.Data = switch value.value {
            case .ipv4(let address): .a(address)
            case .ipv6(let address): .aaaa(address)
            case .name(let target): key.type == .mx ? .mx(preference: 0, exchange: target) : .name(target)
            }
            records[key] = DNSRecord(name: key.name, type: key.type.recordType, ttl: value.effectiveTTL, data: data)
        }
    }

    public var isEmpty: Bool { records.isEmpty }

    /// The record for a question of class IN: its own type, else a CNAME for the name, which
    /// answers a question of any type.
    public func answer(_ question: DNSQuestion) -> DNSRecord? {
        guard question.qclass == DNSClass.internet else { return nil }
        if let type = DNSStaticType.allCases.first(where: { $0.recordType == question.type }),
           let record = records[DNSStaticKey(type: type, name: question.name)] {
            return DNSRecord(name: question.name, type: record.type, ttl: record.ttl, data: record.data)
        }
        guard let cname = records[DNSStaticKey(type: .cname, name: question.name)] else { return nil }
        return DNSRecord(name: question.name, type: .cname, ttl: cname.ttl, data: cname.data)
    }
}
