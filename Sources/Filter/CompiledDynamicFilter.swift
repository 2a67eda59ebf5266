import Config
import Wire

/// One `ip filter dynamic` made ready for packets: what triggers a connection, and for the
/// `filter` form which packets may follow it.
struct CompiledDynamicFilter {
    enum Trigger {
        case application(DynamicFilterApplication)
        /// The `filter` list; the `in` and `out` lists, nil when not given (any packet of the connection).
        case filters(trigger: [CompiledFilter], inbound: [CompiledFilter]?, outbound: [CompiledFilter]?)
    }

    var number: Int
    var source: CompiledFilter.Addresses
    var destination: CompiledFilter.Addresses
    var trigger: Trigger
    var syslog: Bool
    var timeout: Duration?
    var isDNS: Bool

    init(number: Int, _ filter: IPDynamicFilter, statics: [Int: IPFilter]) {
        self.number = number
        source = CompiledFilter.Addresses(filter.source)
        destination = CompiledFilter.Addresses(filter.destination)
        syslog = filter.effectiveSyslog
        timeout = filter.timeout.map { .seconds($0) }
        switch filter.kind {
        case .application(let application):
            trigger = .application(application)
            isDNS = application.isDNS
        case let .filters(triggerList, inbound, outbound):
            func compile(_ numbers: [Int]) -> [CompiledFilter] {
                numbers.compactMap { n in statics[n].map { CompiledFilter(number: n, $0) } }
            }
            trigger = .filters(trigger: compile(triggerList), inbound: inbound.map(compile), outbound: outbound.map(compile))
            isDNS = false
        }
    }

    /// Whether `p` opens a connection of this filter.
    func triggers(_ p: FilterPacket) -> Bool {
        guard source.matches(p.source), destination.matches(p.destination) else { return false }
        switch trigger {
        case .application(let application):
            switch application.transport {
            case .tcp: guard p.proto == IPProtocol.tcp else { return false }
            case .udp: guard p.proto == IPProtocol.udp else { return false }
            case .tcpOrUDP: guard p.isTCPOrUDP else { return false }
            case .icmpEcho: return p.isEchoRequest
            case .none: return false
            }
            guard p.hasTransport else { return false }
            if p.proto == IPProtocol.tcp, p.tcpFlags & 0x004 != 0 { return false }   // an RST opens nothing
            return application.port.map { $0 == p.destinationPort } ?? true
        case .filters(let list, _, _):
            guard p.isTCPOrUDP ? p.hasTransport : true else { return false }
            return list.contains { $0.matches(p, addresses: false) }
        }
    }

    /// Whether a packet of an open connection may pass: `answer` is against the trigger's direction.
    func follows(_ p: FilterPacket, answer: Bool) -> Bool {
        guard case let .filters(_, inbound, outbound) = trigger, let list = answer ? inbound : outbound else { return true }
        return list.contains { $0.matches(p, addresses: false) }
    }
}
