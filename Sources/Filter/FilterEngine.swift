import Config
import NIOCore
import Wire

/// IP filtering as an RTX does it, sans-IO: each interface's `secure filter` lists (static filters,
/// first match wins, no match discards), the connections its dynamic filters open, and intrusion
/// detection. The router hands it each packet with the interface and direction, and `now`. A class:
/// the router reaches it for every packet, and a struct in a class property is copied to be read.
///
/// Order within one list (inferred from YAMAHA's published filter sets, where `out` ends with
/// `200099 pass * * * * *` and then names the dynamic filters, and `in` lets no answer in):
/// 1. a packet of a connection a dynamic filter of this interface opened passes (an answer only
///    against the direction that opened it);
/// 2. the static filters in order: the first that matches decides;
/// 3. a packet a static filter passed, or that matched none, opens a connection when a dynamic
///    filter of the list triggers on it (and then passes); else no match discards it.
public final class FilterEngine {
    public struct ListStatus: Sendable {
        public var configured: SecureFilterList
        /// Packets each defined filter of the list matched, in list order.
        public var hits: [(number: Int, packets: Int)]
        public var defaultRejects: Int
        public var sessionPasses: Int
    }

    /// A list as compiled; read, never written, per packet (its counters live in `counts`). A class:
    /// taking it for a packet is one reference, not a copy of its arrays.
    final class List {
        let configured: SecureFilterList
        let statics: CompiledFilterList
        let dynamics: [CompiledDynamicFilter]
        /// Per protocol number, whether a packet of it can open a connection: most packets skip the dynamic filters.
        let opens: [Bool]

        var filters: [CompiledFilter] { statics.filters }

        init(_ configured: SecureFilterList, config: Config, dynamics: [Int: CompiledDynamicFilter]) {
            self.configured = configured
            statics = CompiledFilterList(configured.filters, statics: config.ipFilters)
            let dynamics = configured.dynamic.compactMap { dynamics[$0] }
            self.dynamics = dynamics
            opens = (0...255).map { proto in dynamics.contains { $0.mayTrigger(protocol: UInt8(proto)) } }
        }
    }

    struct Slot {
        var name: String
        var displayName: String
        var inbound: List?
        var outbound: List?
        var intrusion: IntrusionDetection
        var watchesIn: Bool
        var watchesOut: Bool
    }

    private struct ReportKey: Hashable {
        var slot: Int
        var direction: FilterDirection
        var name: String
        var destination: IPv4Address
    }

    public enum Log: Sendable, Equatable {
        case line(String)
        /// `[INSPECT] ...` of a connection that ended; the router adds its start time.
        case inspect(String, started: Duration)
    }

    /// Same attack, same host: logged once per 60 s (`intrusion detection repeat-control`'s default).
    public static let repeatControl: Duration = .seconds(60)
    /// Attacks remembered for `repeatControl`.
    public static let reportLimit = 1024

    private var slots: [Slot] = []
    /// Per slot and direction (`slot * 2`, `+ 1` for out): its list, and whether intrusion detection
    /// watches it; kept apart from `slots` so a packet touches only what it needs.
    private var lists: [List?] = []
    private var watching: [Bool] = []
    /// Per slot and direction (`slot * 2`, `+ 1` for out): packets each filter matched, then the
    /// list's default rejects, then packets of open connections.
    private var counts: [[Int]] = []
    /// Per slot and protocol number (`slot * 256 + proto`): whether the table may hold a connection
    /// of it (set as one opens, rebuilt from the table on `configure`), so other packets skip the lookup.
    private var mayFollow: [Bool] = []
    private var slotOfInterface: [String: Int] = [:]
    private var definitions: [Int: IPDynamicFilter] = [:]
    private var dynamics: [Int: CompiledDynamicFilter] = [:]
    private var table = FilterSessionTable()
    /// `ip filter dynamic timer`, from the config.
    public private(set) var timers = DynamicFilterTimers()
    /// Log lines not yet taken by the router.
    public var logs: [Log] = []
    private var nextSweep: Duration?
    private var reported: [ReportKey: Duration] = [:]

    public init() {}

    public func slot(of interface: String) -> Int? { slotOfInterface[interface] }
    public var isEmpty: Bool { slots.isEmpty }
    public var sessionCount: Int { table.count }
    public var sessionLimit: Int { table.limit }
    public var evicted: Int { table.evicted }
    /// Of `evicted`, connections that had been answered.
    public var evictedAnswered: Int { table.evictedAnswered }
    public var reportCount: Int { reported.count }
    public var sessions: [FilterSession] { Array(table.sessions.values) }

    /// Sets the bound of the connection table (tests use a small one).
    public func limitSessions(to limit: Int) { table.limit = limit }

    public func displayName(slot: Int) -> String { slots[slot].displayName }
    /// Whether intrusion detection watches `slot` in `direction`: one load, for the router to skip the rest.
    public func watches(slot: Int, _ direction: FilterDirection) -> Bool { watching[slot * 2 + (direction == .in ? 0 : 1)] }
    /// Whether `slot` has a list for `direction`.
    public func filters(slot: Int, _ direction: FilterDirection) -> Bool { lists[slot * 2 + (direction == .in ? 0 : 1)] != nil }

    public func status(slot: Int, direction: FilterDirection) -> ListStatus? {
        guard let list = direction == .in ? slots[slot].inbound : slots[slot].outbound else { return nil }
        let c = counts[slot * 2 + (direction == .in ? 0 : 1)]
        return ListStatus(configured: list.configured, hits: zip(list.filters, c).map { ($0.number, $1) },
                          defaultRejects: c[list.filters.count], sessionPasses: c[list.filters.count + 1])
    }

    /// Takes a new config: `interfaces` are the router's IP interfaces (name, and name as logs show
    /// it). Connections whose dynamic filter is gone, changed or no longer on their interface's list go.
    public func configure(_ config: Config, interfaces: [(name: String, displayName: String)]) {
        var compiled: [Int: CompiledDynamicFilter] = [:]
        for (number, filter) in config.ipDynamicFilters {
            compiled[number] = CompiledDynamicFilter(number: number, filter, statics: config.ipFilters)
        }
        let oldSlots = slots, oldDefinitions = definitions
        slots = []
        slotOfInterface = [:]
        for (name, displayName) in interfaces.sorted(by: { $0.name < $1.name }) {
            guard let interface = InterfaceName(name).map({ config.effectiveInterface($0) }),
                  !interface.secureFilters.isEmpty || !interface.intrusionDetection.isEmpty else { continue }
            let ids = interface.intrusionDetection
            slotOfInterface[name] = slots.count
            slots.append(Slot(name: name, displayName: displayName,
                              inbound: interface.secureFilters[.in].map { List($0, config: config, dynamics: compiled) },
                              outbound: interface.secureFilters[.out].map { List($0, config: config, dynamics: compiled) },
                              intrusion: ids,
                              watchesIn: IntrusionDetection.Kind.allCases.contains { ids.watches($0, .in) },
                              watchesOut: IntrusionDetection.Kind.allCases.contains { ids.watches($0, .out) }))
        }
        dynamics = compiled
        definitions = config.ipDynamicFilters
        func timer(_ option: DynamicFilterTimer) -> Duration { .seconds(config.dynamicFilterTimers[option] ?? option.defaultSeconds) }
        timers = DynamicFilterTimers(tcpSYN: timer(.tcpSYN), tcpFIN: timer(.tcpFIN), tcpIdle: timer(.tcpIdle), udpIdle: timer(.udpIdle),
                                     dns: timer(.dns))
        lists = slots.flatMap { [$0.inbound, $0.outbound] }
        watching = slots.flatMap { [$0.watchesIn, $0.watchesOut] }
        counts = slots.flatMap { slot in
            [slot.inbound, slot.outbound].map { Array(repeating: 0, count: ($0?.filters.count ?? 0) + 2) }
        }
        table.remove(where: { session in
            let name = oldSlots[Int(session.key.slot)].name
            guard let slot = slotOfInterface[name], slot == Int(session.key.slot),
                  let list = session.direction == .in ? slots[slot].inbound : slots[slot].outbound,
                  list.configured.dynamic.contains(session.filter),
                  definitions[session.filter] == oldDefinitions[session.filter] else { return true }
            return false
        }, removed: { _ in })
        mayFollow = Array(repeating: false, count: slots.count * 256)
        for session in table.sessions.values { mayFollow[Int(session.key.slot) * 256 + Int(session.key.proto)] = true }
        if slots.isEmpty { reported.removeAll() }
    }

    // MARK: Packets

    /// Intrusion detection on a packet as it arrives (before NAT) or as it leaves (before NAT):
    /// the reason to drop it, or nil.
    public func inspect(_ packet: ByteBuffer, header: IPv4Header, _ p: FilterPacket, slot: Int,
                                 direction: FilterDirection, now: Duration) -> DropReason? {
        guard watches(slot: slot, direction) else { return nil }
        let intrusion = slots[slot].intrusion
        guard let found = IntrusionSignature.first(in: packet, header: header, p, watched: { intrusion.watches($0, direction) }) else {
            return nil
        }
        let reject = found.alwaysRejected || intrusion.rejects(found.kind, direction)
        report(found, p, slot: slot, direction: direction, rejected: reject, now: now)
        return reject ? .intrusion(found.kind) : nil
    }

    private func report(_ found: IntrusionSignature, _ p: FilterPacket, slot: Int, direction: FilterDirection,
                                 rejected: Bool, now: Duration) {
        let key = ReportKey(slot: slot, direction: direction, name: found.name, destination: p.destination)
        if let last = reported[key], now - last < FilterEngine.repeatControl { return }
        if reported[key] == nil, reported.count >= FilterEngine.reportLimit {
            reported = reported.filter { now - $0.value < FilterEngine.repeatControl }
            guard reported.count < FilterEngine.reportLimit else { return }
        }
        reported[key] = now
        if nextSweep == nil { nextSweep = now + .seconds(1) }
        logs.append(.line("[IDS] \(slots[slot].displayName)[\(direction.rawValue)] \(found.name): \(p.logText)"
                          + (rejected ? ", rejected" : "")))
    }

    /// The filters of `slot`'s list for `direction` on one packet: nil to pass it, else why it is dropped.
    /// `connected`: whether the interface's line is up, for `restrict`.
    public func check(_ p: FilterPacket, slot: Int, direction: FilterDirection, now: Duration,
                               connected: Bool = true) -> DropReason? {
        let row = slot * 2 + (direction == .in ? 0 : 1)
        guard let list = lists[row] else { return nil }
        if !table.isEmpty, mayFollow[slot * 256 + Int(p.proto)], follow(p, slot: slot, direction: direction, now: now) {
            counts[row][list.filters.count + 1] += 1
            return nil
        }
        if let index = list.statics.first(p) {
            counts[row][index] += 1
            let filter = list.statics.filters[index]
            switch filter.verdict {
            case .reject:
                if filter.logReject { logFilter("Rejected", filter.number, p, slot: slot, direction: direction) }
                return .filterReject
            case .restrict where !connected:
                if filter.logReject { logFilter("Rejected", filter.number, p, slot: slot, direction: direction) }
                return .filterRestrict
            case .pass, .restrict:
                if filter.logPass { logFilter("Passed", filter.number, p, slot: slot, direction: direction) }
                open(p, list, slot: slot, direction: direction, now: now)
                return nil
            }
        }
        if open(p, list, slot: slot, direction: direction, now: now) { return nil }
        counts[row][list.filters.count] += 1
        logs.append(.line("\(slots[slot].displayName) Rejected at \(direction == .in ? "IN" : "OUT")(default) filter: \(p.logText)"))
        return .filterNoMatch
    }

    private func logFilter(_ verb: String, _ number: Int, _ p: FilterPacket, slot: Int, direction: FilterDirection) {
        logs.append(.line("\(slots[slot].displayName) \(verb) at \(direction == .in ? "IN" : "OUT")(\(number)) filter: \(p.logText)"))
    }

    /// A packet of an open connection: forward as its initiator sent, or the answer against it.
    private func follow(_ p: FilterPacket, slot: Int, direction: FilterDirection, now: Duration) -> Bool {
        let (sp, dp) = p.flowPorts
        let key = FilterSession.Key(slot: UInt16(truncatingIfNeeded: slot), proto: p.proto, p.source.value, sp, p.destination.value, dp)
        let timers = self.timers, dynamics = self.dynamics
        return table.update(key) { session in
            let fromInitiator = session.initiatorValue == p.source.value && session.initiatorPort == sp
            let answer: Bool
            if fromInitiator, direction == session.direction {
                answer = false
            } else if !fromInitiator, direction != session.direction {
                answer = true
            } else {
                return false
            }
            guard session.expires > now else { return false }
            if session.ruled, let dynamic = dynamics[session.filter], !dynamic.follows(p, answer: answer) { return false }
            if answer { session.answered = true }
            if p.proto == IPProtocol.tcp {
                if p.tcpFlags & 0x005 != 0 {
                    session.state = .closing
                    session.expires = now + timers.tcpFIN
                } else if session.state == .established || (session.state == .opening && answer) {
                    session.state = .established
                    session.expires = now + session.idle
                }
            } else {
                session.expires = now + session.idle
            }
            return true
        } ?? false
    }

    /// Opens a connection when a dynamic filter of the list triggers on `p`; whether one did.
    @discardableResult
    private func open(_ p: FilterPacket, _ list: List, slot: Int, direction: FilterDirection, now: Duration) -> Bool {
        guard list.opens[Int(p.proto)], let dynamic = list.dynamics.first(where: { $0.triggers(p) }) else { return false }
        let (sp, dp) = p.flowPorts
        let key = FilterSession.Key(slot: UInt16(truncatingIfNeeded: slot), proto: p.proto, p.source.value, sp, p.destination.value, dp)
        if let open = table[key] {
            // Its trigger again (a packet its `out` list does not name); nothing else opens the same ends twice.
            return open.initiatorValue == p.source.value && open.initiatorPort == sp && open.direction == direction
        }
        let tcp = p.proto == IPProtocol.tcp
        let idle = dynamic.timeout ?? (tcp ? timers.tcpIdle : (dynamic.isDNS && p.proto == IPProtocol.udp ? timers.dns : timers.udpIdle))
        let opening = tcp && p.tcpFlags & 0x012 == 0x002
        var ruled = false
        if case .filters(_, let inbound, let outbound) = dynamic.trigger { ruled = inbound != nil || outbound != nil }
        let session = FilterSession(key: key, direction: direction, initiatorValue: p.source.value, initiatorPort: sp,
                                    responderValue: p.destination.value, responderPort: dp, filter: dynamic.number,
                                    state: tcp && opening ? .opening : .established, started: now,
                                    expires: now + (opening ? timers.tcpSYN : idle), serial: 0, idle: idle, syslog: dynamic.syslog, ruled: ruled)
        if let pushedOut = table.insert(session) { ended(pushedOut) }
        mayFollow[slot * 256 + Int(p.proto)] = true
        if nextSweep == nil { nextSweep = now + .seconds(1) }
        return true
    }

    private func ended(_ session: FilterSession) {
        guard session.syslog else { return }
        let slot = Int(session.key.slot)
        guard slot < slots.count else { return }
        logs.append(.inspect("[INSPECT] \(slots[slot].displayName)[\(session.direction.rawValue)][\(session.filter)] \(session.flowText)",
                             started: session.started))
    }

    // MARK: Timers

    public var nextDeadline: Duration? { nextSweep }

    /// Lets expired connections go (once a second, as the router's other tables sweep).
    public func advance(to now: Duration) {
        guard let due = nextSweep, now >= due else { return }
        var gone: [FilterSession] = []
        table.remove(where: { $0.expires <= now }, removed: { gone.append($0) })
        for session in gone.sorted(by: { $0.serial < $1.serial }) { ended(session) }
        if !reported.isEmpty { reported = reported.filter { now - $0.value < FilterEngine.repeatControl } }
        nextSweep = table.isEmpty && reported.isEmpty ? nil : now + .seconds(1)
    }
}
