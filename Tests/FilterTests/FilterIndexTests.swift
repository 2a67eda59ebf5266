import Config
@testable import Filter
import Testing
import Wire

/// The per-list protocol index (`CompiledFilterList.first` only tries the filters a packet's
/// protocol can match) against a deliberately plain matcher that reads `IPFilter` as configured
/// and tries every filter in order, on random lists and random packets.
@Suite struct FilterIndexTests {
    static let addresses = ["*", "10.0.0.0/8", "10.1.2.3", "10.0.0.5-10.0.0.9", "192.168.*.*", "10.0.0.0/24,192.168.1.1", "-10.0.0.6"]
    static let protocols = ["*", "tcp", "udp", "icmp", "tcp,udp", "gre", "esp", "icmp-error", "icmp-info", "icmp-error,icmp-info",
                            "tcpsyn", "tcpfin", "established", "tcpflag=0x0002/0x0012", "tcpflag!=0x0010/0x0010", "47",
                            "tcp,icmp-error", "udp,icmp", "icmp,gre", "tcprst,udp", "255", "0"]
    static let ports = ["*", "80", "1000-2000", "53,123", "0", "8", "3", "-1024"]
    static let hosts: [IPv4Address] = ["10.0.0.5", "10.0.0.6", "10.1.2.3", "192.168.1.1", "192.168.7.9", "172.16.0.1", "0.0.0.0"]
    static let protocolNumbers: [UInt8] = [0, 1, 6, 17, 47, 50, 51, 255]
    static let portNumbers: [UInt16] = [0, 3, 8, 53, 80, 123, 1000, 1500, 2000, 2001, 65535]

    @Test func protocolIndexGivesThePlainWalksVerdicts() throws {
        var random = SeededGenerator(seed: 20_261_202)
        var compared = 0, matched = 0
        for _ in 0..<300 {
            var lines: [String] = []
            let count = 1 + Int(random.next() % 12)
            for n in 1...count {
                let action = random.pick(["pass", "reject", "restrict"])
                lines.append("ip filter \(n) \(action) \(random.pick(Self.addresses)) \(random.pick(Self.addresses)) "
                             + "\(random.pick(Self.protocols)) \(random.pick(Self.ports)) \(random.pick(Self.ports))")
            }
            let config = try Config.parse(lines.joined(separator: "\n"))
            let order = Array(1...count).shuffled(using: &random)
            let list = CompiledFilterList(order, statics: config.ipFilters)
            for _ in 0..<200 {
                let p = packet(&random)
                let expected = order.firstIndex { reference(config.ipFilters[$0]!, p) }
                #expect(list.first(p) == expected, "\(order.map { config.ipFilters[$0]! }) \(p)")
                compared += 1
                if expected != nil { matched += 1 }
            }
        }
        // Both outcomes occur often enough for the comparison to mean something.
        #expect(matched > compared / 10 && matched < compared * 9 / 10)
    }

    func packet(_ random: inout SeededGenerator) -> FilterPacket {
        var p = FilterPacket(proto: random.pick(Self.protocolNumbers), source: random.pick(Self.hosts), destination: random.pick(Self.hosts))
        p.hasTransport = random.chance(85)
        guard p.hasTransport else { return p }
        switch p.proto {
        case IPProtocol.icmp:
            (p.icmpType, p.icmpCode) = (UInt8(random.pick([0, 3, 8, 11, 13, 63, 64, 200])), UInt8(random.pick([0, 3, 8, 80])))
        case IPProtocol.tcp:
            (p.sourcePort, p.destinationPort) = (random.pick(Self.portNumbers), random.pick(Self.portNumbers))
            p.tcpFlags = random.pick([0x002, 0x012, 0x010, 0x011, 0x004, 0x018, 0])
        case IPProtocol.udp:
            (p.sourcePort, p.destinationPort) = (random.pick(Self.portNumbers), random.pick(Self.portNumbers))
        default:
            break
        }
        return p
    }

    /// 8.1.10 read plainly from the configured filter.
    func reference(_ f: IPFilter, _ p: FilterPacket) -> Bool {
        func address(_ field: IPFilterAddress?, _ a: IPv4Address) -> Bool {
            guard let field, !field.items.isEmpty else { return true }
            return field.items.contains { item in
                switch item {
                case let .range(first, last, _): first.value <= a.value && a.value <= last.value
                case let .octets(mask, value, _): a.value & mask == value
                }
            }
        }
        func port(_ field: IPFilterPorts?, _ n: UInt16) -> Bool {
            guard let field, !field.items.isEmpty else { return true }
            return field.items.contains { $0.range.contains(n) }
        }
        let errors: Set<UInt8> = [3, 4, 5, 11, 12, 31, 32], infos: Set<UInt8> = [0, 8, 9, 10, 13, 14, 15, 16, 17, 18, 30, 33, 34, 35, 36]
        let icmp = p.proto == 1 && p.hasTransport, tcp = p.proto == 6 && p.hasTransport
        guard address(f.source, p.source), address(f.destination, p.destination) else { return false }
        let items = f.proto?.items ?? []
        let protocolMatches = items.isEmpty || items.contains { item in
            switch item {
            case .number(let n): p.proto == n
            case .icmpError: icmp && errors.contains(p.icmpType)
            case .icmpInfo: icmp && infos.contains(p.icmpType)
            case .tcpFlags(let flags): tcp && p.tcpFlags & flags != 0
            case let .tcpFlag(value, mask, equal): tcp && (p.tcpFlags & mask == value) == equal
            }
        }
        guard protocolMatches else { return false }
        if (f.sourcePorts?.items ?? []).isEmpty && (f.destinationPorts?.items ?? []).isEmpty { return true }
        if items == [.number(1)] {
            return p.hasTransport && port(f.sourcePorts, UInt16(p.icmpType)) && port(f.destinationPorts, UInt16(p.icmpCode))
        }
        let namesTCPOrUDP = items.isEmpty || items.contains { item in
            switch item {
            case .number(let n): n == 6 || n == 17
            case .tcpFlags, .tcpFlag: true
            case .icmpError, .icmpInfo: false
            }
        }
        if !namesTCPOrUDP && items.allSatisfy({ $0 == .icmpError || $0 == .icmpInfo }) { return true }
        guard p.proto == 6 || p.proto == 17 else { return true }
        return p.hasTransport && port(f.sourcePorts, p.sourcePort) && port(f.destinationPorts, p.destinationPort)
    }
}


/// Wire's SplitMix64 generator, so a failure repeats, with the two draws the test makes.
extension SeededGenerator {
    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    mutating func chance(_ percent: UInt64) -> Bool { next() % 100 < percent }
}
