import Config
import Wire

/// One `ip filter dynamic` made ready for packets: what triggers a connection, and for the
/// `filter` form which packets may follow it.
struct CompiledDynamicFilter {
    enum Trigger {
        case application(DynamicFilterApplication)
        /// The `filter` list; the `in` and `out` lists, nil when not given (any packet of the connection).
        case filters(trigger: CompiledFilterList, inbound: CompiledFilterList?, outbound: CompiledFilterList?)
    }

    var number: Int
    /// The dynamic filter's own addresses, as a one-filter list.
    var addresses: CompiledFilterList
    var trigger: Trigger
    var syslog: Bool
    var timeout: Duration?
    var isDNS: Bool

    init(number: Int, _ filter: IPDynamicFilter, statics: [Int: IPFilter]) {
        self.number = number
        addresses = CompiledFilterList([0], statics: [0: IPFilter(action: .pass, source: filter.source, destination: filter.destination)])
        syslog = filter.effectiveSyslog
        timeout = filter.timeout.map { .seconds($0) }
        switch filter.kind {
        case .application(let application):
            trigger = .application(application)
            isDNS = application.isDNS
        case let .filters(triggerList, inbound, outbound):
            trigger = .filters(trigger: CompiledFilterList(triggerList, statics: statics),
                               inbound: inbound.map { CompiledFilterList($0, statics: statics) },
                               outbound: outbound.map { CompiledFilterList($0, statics: statics) })
            isDNS = false
        }
    }

    /// Whether a packet of protocol `proto` can open a connection of this filter.
    func mayTrigger(protocol proto: UInt8) -> Bool {
        switch trigger {
        case .application(let application):
            switch application.transport {
            case .tcp: proto == IPProtocol.tcp
            case .udp: proto == IPProtocol.udp
            case .tcpOrUDP: proto == IPProtocol.tcp || proto == IPProtocol.udp
            case .icmpEcho: proto == IPProtocol.icmp
            case .none: false
            }
        case .filters(let list, _, _):
            list.mayMatch(protocol: proto)
        }
    }

    /// Whether `p` opens a connection of this filter.
    func triggers(_ p: FilterPacket) -> Bool {
        guard addresses.first(p) != nil else { return false }
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
            return list.first(p, addresses: false) != nil
        }
    }

    /// Whether a packet of an open connection may pass: `answer` is against the trigger's direction.
    func follows(_ p: FilterPacket, answer: Bool) -> Bool {
        guard case let .filters(_, inbound, outbound) = trigger, let list = answer ? inbound : outbound else { return true }
        return list.first(p, addresses: false) != nil
    }
}
