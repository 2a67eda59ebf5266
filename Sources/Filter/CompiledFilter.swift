import Config
import Wire

/// The items of a list's filters, side by side: each `CompiledFilter` names its own by offset and
/// count, so a filter is plain data and walking a list retains nothing.
struct FilterStorage {
    /// An address matches when `address & mask` lies in `low...high` (a range has an all-ones mask,
    /// `192.168.*.*` a partial mask and `low == high`).
    struct AddressItem {
        var mask: UInt32
        var low: UInt32
        var high: UInt32
    }

    struct FlagItem {
        var value: UInt16
        var mask: UInt16
        var equal: Bool
    }

    var addresses: [AddressItem] = []
    var ports: [ClosedRange<UInt16>] = []
    var flags: [FlagItem] = []
}

/// One `ip filter` made ready for packets: integer ranges and bit sets, no strings, no references.
struct CompiledFilter {
    enum Verdict {
        case pass
        case reject
        /// Passes while the interface's line is connected, else is rejected.
        case restrict
    }

    enum PortRule {
        /// TCP/UDP ports, for TCP and UDP packets only; other protocols match with no port.
        case tcpUDP
        /// `icmp` alone: the first port field is the ICMP type, the second its code.
        case icmpTypeCode
        /// `icmp-error`/`icmp-info` without TCP or UDP: the port fields are ignored.
        case ignored
    }

    /// Items `start..<start + count` of a storage array; `count == 0` is `*`.
    struct Span {
        var start: Int32 = 0
        var count: Int32 = 0
        var any: Bool { count == 0 }
        var range: Range<Int> { Int(start)..<Int(start + count) }
    }

    /// ICMP types of `icmp-error` and `icmp-info` (8.1.10) as bit sets of types 0-63.
    static let errorTypes: UInt64 = [3, 4, 5, 11, 12, 31, 32].reduce(0) { $0 | 1 << $1 }
    static let infoTypes: UInt64 = [0, 8, 9, 10, 13, 14, 15, 16, 17, 18, 30, 33, 34, 35, 36].reduce(0) { $0 | 1 << $1 }

    var number: Int
    var verdict: Verdict
    /// Whether a pass, a reject and a restrict that rejects are logged.
    var logPass: Bool
    var logReject: Bool
    var source = Span()
    var destination = Span()
    var anyProtocol = true
    /// Protocol numbers as a 256-bit set.
    var numbers: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    var icmpTypes: UInt64 = 0
    /// Any of these TCP flags set (`tcpsyn`, `tcpfin`, `tcprst`, `established`).
    var tcpFlagsAny: UInt16 = 0
    var tcpFlag = Span()
    var portRule: PortRule
    var sourcePorts = Span()
    var destinationPorts = Span()

    init(number: Int, _ filter: IPFilter, into storage: inout FilterStorage) {
        self.number = number
        switch filter.action {
        case .pass, .passNolog: (verdict, logPass, logReject) = (.pass, false, false)
        case .passLog: (verdict, logPass, logReject) = (.pass, true, false)
        case .reject, .rejectLog: (verdict, logPass, logReject) = (.reject, false, true)
        case .rejectNolog: (verdict, logPass, logReject) = (.reject, false, false)
        case .restrict: (verdict, logPass, logReject) = (.restrict, false, true)
        case .restrictLog: (verdict, logPass, logReject) = (.restrict, true, true)
        case .restrictNolog: (verdict, logPass, logReject) = (.restrict, false, false)
        }
        source = CompiledFilter.addresses(filter.source, into: &storage)
        destination = CompiledFilter.addresses(filter.destination, into: &storage)
        let field = filter.proto ?? .any
        portRule = field.isICMPOnly ? .icmpTypeCode
            : (!field.isAny && !field.includesTCPOrUDP && field.items.allSatisfy { $0 == .icmpError || $0 == .icmpInfo }) ? .ignored
            : .tcpUDP
        if !field.isAny {
            anyProtocol = false
            let flagStart = storage.flags.count
            for item in field.items {
                switch item {
                case .number(let n):
                    let bit = UInt64(1) << UInt64(n & 63)
                    switch n >> 6 {
                    case 0: numbers.0 |= bit
                    case 1: numbers.1 |= bit
                    case 2: numbers.2 |= bit
                    default: numbers.3 |= bit
                    }
                case .icmpError: icmpTypes |= CompiledFilter.errorTypes
                case .icmpInfo: icmpTypes |= CompiledFilter.infoTypes
                case .tcpFlags(let flags): tcpFlagsAny |= flags
                case let .tcpFlag(value, mask, equal): storage.flags.append(.init(value: value, mask: mask, equal: equal))
                }
            }
            tcpFlag = Span(start: Int32(flagStart), count: Int32(storage.flags.count - flagStart))
        }
        sourcePorts = CompiledFilter.ports(filter.sourcePorts, into: &storage)
        destinationPorts = CompiledFilter.ports(filter.destinationPorts, into: &storage)
    }

    private static func addresses(_ field: IPFilterAddress?, into storage: inout FilterStorage) -> Span {
        guard let field, !field.isAny else { return Span() }
        let start = storage.addresses.count
        for item in field.items {
            switch item {
            case let .range(first, last, _): storage.addresses.append(.init(mask: .max, low: first.value, high: last.value))
            case let .octets(mask, value, _): storage.addresses.append(.init(mask: mask, low: value, high: value))
            }
        }
        return Span(start: Int32(start), count: Int32(field.items.count))
    }

    private static func ports(_ field: IPFilterPorts?, into storage: inout FilterStorage) -> Span {
        guard let field, !field.isAny else { return Span() }
        let start = storage.ports.count
        storage.ports += field.items.map(\.range)
        return Span(start: Int32(start), count: Int32(field.items.count))
    }

    @inline(__always)
    private func matches(_ address: IPv4Address, _ span: Span, _ s: FilterStorage) -> Bool {
        if span.any { return true }
        for i in span.range {
            let item = s.addresses[i]
            let masked = address.value & item.mask
            if masked >= item.low && masked <= item.high { return true }
        }
        return false
    }

    @inline(__always)
    private func matches(_ port: UInt16, _ span: Span, _ s: FilterStorage) -> Bool {
        if span.any { return true }
        for i in span.range where s.ports[i].contains(port) { return true }
        return false
    }

    private func matchesProtocol(_ p: FilterPacket, _ s: FilterStorage) -> Bool {
        if anyProtocol { return true }
        let word = switch p.proto >> 6 {
        case 0: numbers.0
        case 1: numbers.1
        case 2: numbers.2
        default: numbers.3
        }
        if word & (1 << UInt64(p.proto & 63)) != 0 { return true }
        if p.proto == IPProtocol.icmp, p.hasTransport, p.icmpType < 64, icmpTypes & (1 << UInt64(p.icmpType)) != 0 { return true }
        if p.proto == IPProtocol.tcp, p.hasTransport {
            if p.tcpFlags & tcpFlagsAny != 0 { return true }
            for i in tcpFlag.range {
                let f = s.flags[i]
                if (p.tcpFlags & f.mask == f.value) == f.equal { return true }
            }
        }
        return false
    }

    /// Whether a packet of protocol `proto` can pass this filter's protocol field (some packet of it does).
    func mayMatch(protocol proto: UInt8) -> Bool {
        if anyProtocol { return true }
        let word = switch proto >> 6 {
        case 0: numbers.0
        case 1: numbers.1
        case 2: numbers.2
        default: numbers.3
        }
        if word & (1 << UInt64(proto & 63)) != 0 { return true }
        if proto == IPProtocol.icmp, icmpTypes != 0 { return true }
        return proto == IPProtocol.tcp && (tcpFlagsAny != 0 || !tcpFlag.any)
    }

    /// `addresses: false` for the filters a dynamic filter names, whose addresses are ignored (8.1.14).
    @inline(__always)
    func matches(_ p: FilterPacket, _ s: FilterStorage, addresses: Bool = true) -> Bool {
        if addresses, !matches(p.source, source, s) || !matches(p.destination, destination, s) { return false }
        guard matchesProtocol(p, s) else { return false }
        if sourcePorts.any && destinationPorts.any { return true }
        switch portRule {
        case .ignored:
            return true
        case .icmpTypeCode:
            return p.hasTransport && matches(UInt16(p.icmpType), sourcePorts, s) && matches(UInt16(p.icmpCode), destinationPorts, s)
        case .tcpUDP:
            guard p.isTCPOrUDP else { return true }
            return p.hasTransport && matches(p.sourcePort, sourcePorts, s) && matches(p.destinationPort, destinationPorts, s)
        }
    }
}

/// Static filters in order, with the storage their items live in, and an index by protocol.
struct CompiledFilterList {
    /// A filter of a protocol group, with a test its addresses must pass before the filter is read:
    /// `source & sourceMask == sourceValue`, the same for the destination. From an address field of one
    /// item, its mask and the bits its range leaves fixed; zero (always passes) for `*` or several items.
    /// Most filters a packet meets in a long list fail here, in a few instructions.
    struct Candidate {
        var index: Int32
        var sourceMask: UInt32 = 0
        var sourceValue: UInt32 = 0
        var destinationMask: UInt32 = 0
        var destinationValue: UInt32 = 0

        init(_ index: Int, _ filter: CompiledFilter, _ storage: FilterStorage) {
            self.index = Int32(index)
            (sourceMask, sourceValue) = Candidate.fixedBits(filter.source, storage)
            (destinationMask, destinationValue) = Candidate.fixedBits(filter.destination, storage)
        }

        /// An address in `low...high` after `mask` shares their leading bits.
        private static func fixedBits(_ span: CompiledFilter.Span, _ storage: FilterStorage) -> (UInt32, UInt32) {
            guard span.count == 1 else { return (0, 0) }
            let item = storage.addresses[Int(span.start)]
            let same = (item.low ^ item.high).leadingZeroBitCount
            let leading: UInt32 = same == 0 ? 0 : .max << (32 - same)
            return (item.mask & leading, item.low & leading)
        }

        @inline(__always)
        func mayMatch(_ p: FilterPacket) -> Bool {
            p.source.value & sourceMask == sourceValue && p.destination.value & destinationMask == destinationValue
        }
    }

    private(set) var filters: [CompiledFilter] = []
    private(set) var storage = FilterStorage()
    /// Per protocol number, its group: protocols no filter names share group 0, each named one
    /// (and ICMP for `icmp-error`/`icmp-info`, TCP for flags) has its own.
    private var groupOfProtocol = [UInt16](repeating: 0, count: 256)
    /// Per group, the filters a packet of its protocols can match, in list order,
    /// as `candidates[groupStart[g]..<groupStart[g + 1]]`: a packet skips the filters whose
    /// protocol field rules it out (a walk of YAMAHA's sets is mostly TCP/UDP port filters).
    private var candidates: [Candidate] = []
    private var groupStart: [Int32] = [0]

    init(_ numbers: [Int], statics: [Int: IPFilter]) {
        for n in numbers {
            if let filter = statics[n] { filters.append(CompiledFilter(number: n, filter, into: &storage)) }
        }
        // Group 0: the filters with `*` as protocol, for every protocol no filter names.
        add(filters.indices.filter { filters[$0].anyProtocol })
        for proto in 0...255 {
            let indices = filters.indices.filter { filters[$0].mayMatch(protocol: UInt8(proto)) }
            guard indices.count > Int(groupStart[1]) else { continue }
            groupOfProtocol[proto] = UInt16(groupStart.count - 1)
            add(indices)
        }
    }

    private mutating func add(_ group: [Int]) {
        candidates += group.map { Candidate($0, filters[$0], storage) }
        groupStart.append(Int32(candidates.count))
    }

    /// Whether some packet of protocol `proto` can match a filter of the list.
    func mayMatch(protocol proto: UInt8) -> Bool {
        let group = Int(groupOfProtocol[Int(proto)])
        return groupStart[group] < groupStart[group + 1]
    }

    /// The first filter that matches, by index.
    func first(_ p: FilterPacket, addresses: Bool = true) -> Int? {
        let group = Int(groupOfProtocol[Int(p.proto)])
        for i in Int(groupStart[group])..<Int(groupStart[group + 1]) {
            let candidate = candidates[i]
            if addresses, !candidate.mayMatch(p) { continue }
            let index = Int(candidate.index)
            if filters[index].matches(p, storage, addresses: addresses) { return index }
        }
        return nil
    }
}
