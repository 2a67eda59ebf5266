import Config
import Wire

/// One `ip filter` made ready for packets: plain integer ranges and masks, no strings.
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

    struct Addresses {
        var any = true
        var ranges: [ClosedRange<UInt32>] = []
        var masked: [(mask: UInt32, value: UInt32)] = []

        init(_ field: IPFilterAddress?) {
            guard let field, !field.isAny else { return }
            any = false
            for item in field.items {
                switch item {
                case let .range(first, last, _): ranges.append(first.value...last.value)
                case let .octets(mask, value, _): masked.append((mask, value))
                }
            }
        }

        func matches(_ address: IPv4Address) -> Bool {
            if any { return true }
            for range in ranges where range.contains(address.value) { return true }
            for m in masked where address.value & m.mask == m.value { return true }
            return false
        }
    }

    struct Ports {
        var any = true
        var ranges: [ClosedRange<UInt16>] = []

        init(_ field: IPFilterPorts?) {
            guard let field, !field.isAny else { return }
            any = false
            ranges = field.items.map(\.range)
        }

        func matches(_ port: UInt16) -> Bool {
            if any { return true }
            for range in ranges where range.contains(port) { return true }
            return false
        }
    }

    struct Protocols {
        var any = true
        /// Protocol numbers as a 256-bit set.
        var numbers: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var icmpError = false
        var icmpInfo = false
        /// Any of these TCP flags set (`tcpsyn`, `tcpfin`, `tcprst`, `established`).
        var tcpFlagsAny: UInt16 = 0
        var tcpFlag: [(value: UInt16, mask: UInt16, equal: Bool)] = []

        init(_ field: IPFilterProtocol?) {
            guard let field, !field.isAny else { return }
            any = false
            for item in field.items {
                switch item {
                case .number(let n):
                    switch n >> 6 {
                    case 0: numbers.0 |= 1 << UInt64(n & 63)
                    case 1: numbers.1 |= 1 << UInt64(n & 63)
                    case 2: numbers.2 |= 1 << UInt64(n & 63)
                    default: numbers.3 |= 1 << UInt64(n & 63)
                    }
                case .icmpError: icmpError = true
                case .icmpInfo: icmpInfo = true
                case .tcpFlags(let flags): tcpFlagsAny |= flags
                case let .tcpFlag(value, mask, equal): tcpFlag.append((value, mask, equal))
                }
            }
        }

        private func contains(_ n: UInt8) -> Bool {
            let word = switch n >> 6 {
            case 0: numbers.0
            case 1: numbers.1
            case 2: numbers.2
            default: numbers.3
            }
            return word & (1 << UInt64(n & 63)) != 0
        }

        static let errorTypes: Set<UInt8> = [3, 4, 5, 11, 12, 31, 32]
        static let infoTypes: Set<UInt8> = [0, 8, 9, 10, 13, 14, 15, 16, 17, 18, 30, 33, 34, 35, 36]

        func matches(_ p: FilterPacket) -> Bool {
            if any || contains(p.proto) { return true }
            if p.proto == IPProtocol.icmp, p.hasTransport {
                if icmpError, Protocols.errorTypes.contains(p.icmpType) { return true }
                if icmpInfo, Protocols.infoTypes.contains(p.icmpType) { return true }
            }
            if p.proto == IPProtocol.tcp, p.hasTransport {
                if p.tcpFlags & tcpFlagsAny != 0 { return true }
                for f in tcpFlag where (p.tcpFlags & f.mask == f.value) == f.equal { return true }
            }
            return false
        }
    }

    var number: Int
    var verdict: Verdict
    /// Whether a pass, a reject and a restrict that rejects are logged.
    var logPass: Bool
    var logReject: Bool
    var source: Addresses
    var destination: Addresses
    var protocols: Protocols
    var portRule: PortRule
    var sourcePorts: Ports
    var destinationPorts: Ports

    init(number: Int, _ filter: IPFilter) {
        self.number = number
        switch filter.action {
        case .pass: (verdict, logPass, logReject) = (.pass, false, false)
        case .passLog: (verdict, logPass, logReject) = (.pass, true, false)
        case .passNolog: (verdict, logPass, logReject) = (.pass, false, false)
        case .reject, .rejectLog: (verdict, logPass, logReject) = (.reject, false, true)
        case .rejectNolog: (verdict, logPass, logReject) = (.reject, false, false)
        case .restrict: (verdict, logPass, logReject) = (.restrict, false, true)
        case .restrictLog: (verdict, logPass, logReject) = (.restrict, true, true)
        case .restrictNolog: (verdict, logPass, logReject) = (.restrict, false, false)
        }
        source = Addresses(filter.source)
        destination = Addresses(filter.destination)
        protocols = Protocols(filter.proto)
        let field = filter.proto ?? .any
        portRule = field.isICMPOnly ? .icmpTypeCode
            : (!field.isAny && !field.includesTCPOrUDP && field.items.allSatisfy { $0 == .icmpError || $0 == .icmpInfo }) ? .ignored
            : .tcpUDP
        sourcePorts = Ports(filter.sourcePorts)
        destinationPorts = Ports(filter.destinationPorts)
    }

    /// `addresses: false` for the filters a dynamic filter names, whose addresses are ignored (8.1.14).
    func matches(_ p: FilterPacket, addresses: Bool = true) -> Bool {
        if addresses, !source.matches(p.source) || !destination.matches(p.destination) { return false }
        guard protocols.matches(p) else { return false }
        if sourcePorts.any && destinationPorts.any { return true }
        switch portRule {
        case .ignored:
            return true
        case .icmpTypeCode:
            return p.hasTransport && sourcePorts.matches(UInt16(p.icmpType)) && destinationPorts.matches(UInt16(p.icmpCode))
        case .tcpUDP:
            guard p.isTCPOrUDP else { return true }
            return p.hasTransport && sourcePorts.matches(p.sourcePort) && destinationPorts.matches(p.destinationPort)
        }
    }
}
