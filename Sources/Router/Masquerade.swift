import Config
import DequeModule
import NIOCore
import Wire

/// One `nat descriptor type N masquerade`: many inner addresses share the outer address, told
/// apart by translated UDP/TCP ports and ICMP echo identifiers. Static entries pin a protocol
/// (and port) to one inner address; everything else arriving for the outer address without a
/// mapping is refused.
///
/// Bounded as an RTX bounds it: the outer ports of `nat descriptor masquerade port range` per
/// protocol, and at most `session limit` sessions per inner host. When a protocol's ports are all
/// taken, a new session takes the port of a TCP session that has closed, else of the oldest
/// session; every step is O(1), so a flood costs no more per packet than one flow.
struct Masquerade {
    struct StaticEntry: Equatable {
        var inner: IPv4Address
        var `protocol`: UInt8
        var outerPort: UInt16?
        var innerPort: UInt16?
    }

    struct Flow: Hashable {
        var `protocol`: UInt8
        var inner: IPv4Address
        var innerPort: UInt16
    }

    struct OuterKey: Hashable {
        var `protocol`: UInt8
        var outerPort: UInt16
    }

    struct Mapping {
        var flow: Flow
        var outerPort: UInt16
        var remote: IPv4Address
        var remotePort: UInt16
        var expires: Duration
        /// Tells this session from a later one on the same port, in `order` and `closed`.
        var serial = 0
        /// A TCP session that sent or received FIN or RST: it lives `tcpFinTimeout` more, and goes first when ports run out.
        var closing = false
    }

    /// A session in `order` or `closed`, valid while `mappings` still holds its serial there.
    private struct Queued {
        var port: UInt16
        var serial: Int
    }

    enum Verdict: Equatable {
        case translated
        /// Not to be translated (no descriptor match, the router's own outer address ...).
        case untouched
        case drop(DropReason)
    }

    /// RTX830's default and largest `nat descriptor masquerade session limit`.
    static let defaultSessionLimit = NATDescriptor.sessionLimits.upperBound
    /// `nat descriptor timer N tcpfin` default.
    static let tcpFinTimeout: Duration = .seconds(60)
    /// How often expired sessions are swept out (between sweeps they are ignored, not used).
    static let sweepInterval: Duration = .seconds(1)

    var descriptor: Int
    var outer: IPv4Address
    /// `nat descriptor address inner`: the sources translated (nil: `auto`, all of them).
    var inner: ClosedRange<IPv4Address>?
    private(set) var statics: [StaticEntry]
    /// `nat descriptor masquerade session limit N 1 LIMIT`: sessions per inner host, all protocols together.
    var sessionLimit = Masquerade.defaultSessionLimit
    var timeout: Duration = .seconds(900)
    private(set) var mappings: [OuterKey: Mapping] = [:]
    private var byFlow: [Flow: OuterKey] = [:]
    private(set) var pool: MasqueradePortPool
    private(set) var sessionsPerHost: [IPv4Address: Int] = [:]
    /// Sessions per protocol in the order they began: the oldest is pushed out first.
    private var order: [UInt8: Deque<Queued>] = [:]
    /// TCP sessions that closed, in the order they did.
    private var closed = Deque<Queued>()
    private var nextSerial = 0
    private var nextSweep: Duration = .zero
    /// Sessions pushed out to make room for new ones.
    private(set) var evicted = 0

    init(descriptor: Int, outer: IPv4Address, inner: ClosedRange<IPv4Address>? = nil, statics: [StaticEntry],
         portRanges: [ClosedRange<UInt16>] = NATDescriptor.defaultPortRanges) {
        self.descriptor = descriptor
        self.outer = outer
        self.inner = inner
        self.statics = statics
        pool = MasqueradePortPool(ranges: portRanges, reserved: Self.staticPorts(statics))
    }

    /// A config change: the pool is made again when the ranges or static entries changed, and a session on a
    /// port a static entry now takes goes.
    mutating func reconfigure(statics: [StaticEntry], portRanges: [ClosedRange<UInt16>]) {
        guard statics != self.statics || portRanges != pool.ranges else { return }
        self.statics = statics
        let reserved = Self.staticPorts(statics)
        for (key, _) in mappings where reserved[key.protocol]?.contains(key.outerPort) ?? false { remove(key, release: false) }
        var inUse: [UInt8: Set<UInt16>] = [:]
        for key in mappings.keys { inUse[key.protocol, default: []].insert(key.outerPort) }
        pool = MasqueradePortPool(ranges: portRanges, reserved: reserved, inUse: inUse)
    }

    private static func staticPorts(_ statics: [StaticEntry]) -> [UInt8: Set<UInt16>] {
        var ports: [UInt8: Set<UInt16>] = [:]
        for s in statics { if let port = s.outerPort { ports[s.protocol, default: []].insert(port) } }
        return ports
    }

    /// A static entry for a whole protocol (esp, icmp): every such packet belongs to one inner host.
    private func protocolStatic(_ proto: UInt8, inner address: IPv4Address? = nil) -> StaticEntry? {
        statics.first { $0.protocol == proto && $0.outerPort == nil && (address == nil || $0.inner == address) }
    }

    /// Rewrites the source of a packet leaving through the outer interface.
    mutating func outbound(_ packet: inout ByteBuffer, header: IPv4Header, now: Duration) -> Verdict {
        guard header.source != outer, inner?.contains(header.source) ?? true else { return .untouched }
        guard !header.isFragment else { return .drop(.fragmentUnsupported) }
        if protocolStatic(header.protocol, inner: header.source) != nil {
            L4Fields.rewriteAddress(&packet, source: true, to: outer, header: header)
            return .translated
        }
        // Without ports (ESP ...) only a static entry can tell the way back.
        guard let l4 = L4Fields(packet, header: header) else { return .drop(.natUnsupportedProtocol) }
        let flow = Flow(protocol: header.protocol, inner: header.source, innerPort: l4.sourcePortOrID(packet))
        let outerPort: UInt16
        if let s = statics.first(where: { $0.inner == flow.inner && $0.protocol == flow.protocol && ($0.innerPort ?? $0.outerPort) == flow.innerPort }),
           let port = s.outerPort {
            outerPort = port
        } else if let key = byFlow[flow], mappings[key].map({ $0.expires > now }) ?? false {
            refresh(key, l4: l4, packet: packet, now: now)
            outerPort = key.outerPort
        } else {
            if now >= nextSweep { expire(now: now) }
            if let stale = byFlow[flow] { remove(stale) }
            guard sessionsPerHost[flow.inner, default: 0] < sessionLimit else { return .drop(.natSessionLimit) }
            guard let port = pool.take(flow.protocol) ?? reclaimPort(flow.protocol, now: now) else {
                return .drop(.natPortsExhausted)
            }
            let key = OuterKey(protocol: flow.protocol, outerPort: port)
            mappings[key] = Mapping(flow: flow, outerPort: port, remote: header.destination,
                                    remotePort: l4.destinationPortOrZero(packet), expires: now + timeout, serial: nextSerial)
            order[flow.protocol, default: []].append(Queued(port: port, serial: nextSerial))
            nextSerial += 1
            byFlow[flow] = key
            sessionsPerHost[flow.inner, default: 0] += 1
            refresh(key, l4: l4, packet: packet, now: now)
            outerPort = port
        }
        l4.rewritePort(&packet, source: true, to: outerPort, header: header)
        L4Fields.rewriteAddress(&packet, source: true, to: outer, header: header)
        return .translated
    }

    /// Rewrites the destination of a packet that arrived for the outer address. `.untouched`
    /// means no mapping: the caller decides whether the router itself takes it.
    /// The inner address a static entry sends this inbound packet to, when that entry keeps the port:
    /// lets the router take packets for its own inner address without rewriting them.
    func staticDestination(of packet: ByteBuffer, header: IPv4Header) -> IPv4Address? {
        guard header.destination == outer, !header.isFragment else { return nil }
        if let s = protocolStatic(header.protocol) { return s.inner }
        guard let l4 = L4Fields(packet, header: header), l4.kind != .icmpEcho else { return nil }
        let port = l4.destinationPortOrID(packet)
        return statics.first { $0.protocol == header.protocol && $0.outerPort == port && ($0.innerPort ?? port) == port }?.inner
    }

    mutating func inbound(_ packet: inout ByteBuffer, header: IPv4Header, now: Duration) -> Verdict {
        guard header.destination == outer else { return .untouched }
        guard !header.isFragment else { return .untouched }
        if let s = protocolStatic(header.protocol) {
            L4Fields.rewriteAddress(&packet, source: false, to: s.inner, header: header)
            return .translated
        }
        guard let l4 = L4Fields(packet, header: header) else { return .untouched }
        let port = l4.destinationPortOrID(packet)
        if let s = statics.first(where: { $0.protocol == header.protocol && $0.outerPort == port }) {
            if let inner = s.innerPort, inner != port { l4.rewritePort(&packet, source: false, to: inner, header: header) }
            L4Fields.rewriteAddress(&packet, source: false, to: s.inner, header: header)
            return .translated
        }
        // Echo requests from outside are the router's to answer, never a mapping's.
        if l4.kind == .icmpEcho, packet.getInteger(at: packet.readerIndex + l4.offset, as: UInt8.self) == ICMPHeader.echoRequest {
            return .untouched
        }
        let key = OuterKey(protocol: header.protocol, outerPort: port)
        guard let m = mappings[key], m.expires > now else { return .untouched }
        refresh(key, l4: l4, packet: packet, now: now)
        l4.rewritePort(&packet, source: false, to: m.flow.innerPort, header: header)
        L4Fields.rewriteAddress(&packet, source: false, to: m.flow.inner, header: header)
        return .translated
    }

    /// Sweeps out every expired session.
    mutating func expire(now: Duration) {
        nextSweep = now + Self.sweepInterval
        for (key, m) in mappings where m.expires <= now { remove(key) }
    }

    /// A packet of a session passed: it lives on, or, once TCP has closed, only `tcpFinTimeout` more.
    private mutating func refresh(_ key: OuterKey, l4: L4Fields, packet: ByteBuffer, now: Duration) {
        guard var m = mappings[key] else { return }
        if l4.kind == .tcp, !m.closing, UInt16(l4.tcpFlags(packet)) & (TCPHeader.fin | TCPHeader.rst) != 0 {
            m.closing = true
            closed.append(Queued(port: key.outerPort, serial: m.serial))
        }
        m.expires = now + (m.closing ? Self.tcpFinTimeout : timeout)
        mappings[key] = m
    }

    /// Every port of the protocol is taken: a closed TCP session's port, else the oldest session's.
    private mutating func reclaimPort(_ proto: UInt8, now: Duration) -> UInt16? {
        // Each queue is taken out while it is worked on, so it is not copied on write.
        if proto == IPProtocol.tcp {
            var queue = closed
            closed = Deque()
            defer { closed = queue }
            if let port = reclaim(from: &queue, proto) { return port }
        }
        var queue = order.removeValue(forKey: proto) ?? Deque()
        defer { order[proto] = queue }
        return reclaim(from: &queue, proto)
    }

    private mutating func reclaim(from queue: inout Deque<Queued>, _ proto: UInt8) -> UInt16? {
        while let first = queue.popFirst() {
            let key = OuterKey(protocol: proto, outerPort: first.port)
            guard mappings[key]?.serial == first.serial else { continue }
            remove(key, release: false)
            evicted += 1
            return first.port
        }
        return nil
    }

    /// Forgets a session; its port goes back to the pool unless the caller takes it over.
    private mutating func remove(_ key: OuterKey, release: Bool = true) {
        guard let m = mappings.removeValue(forKey: key) else { return }
        if byFlow[m.flow] == key { byFlow[m.flow] = nil }
        let left = sessionsPerHost[m.flow.inner, default: 1] - 1
        sessionsPerHost[m.flow.inner] = left > 0 ? left : nil
        if release { pool.give(key.outerPort, key.protocol) }
        // Sessions that ended leave stale places in the queues: compact them when they outnumber the live ones.
        if let queue = order[key.protocol], queue.count > 2 * mappings.count + 64 {
            order[key.protocol] = Deque(queue.filter { mappings[OuterKey(protocol: key.protocol, outerPort: $0.port)]?.serial == $0.serial })
        }
        if closed.count > 2 * mappings.count + 64 {
            closed = Deque(closed.filter { mappings[OuterKey(protocol: IPProtocol.tcp, outerPort: $0.port)]?.serial == $0.serial })
        }
    }
}

/// Where a packet's ports (or ICMP echo identifier) and checksum live, for rewriting in place.
struct L4Fields {
    /// Offset of the transport header from the packet start.
    let offset: Int
    let kind: Kind

    enum Kind { case udp, tcp, icmpEcho }

    init?(_ packet: ByteBuffer, header: IPv4Header) {
        offset = header.headerLength
        let available = packet.readableBytes - offset
        switch header.protocol {
        case IPProtocol.udp where available >= 8: kind = .udp
        case IPProtocol.tcp where available >= 20: kind = .tcp
        case IPProtocol.icmp where available >= 8:
            guard let type = packet.getInteger(at: packet.readerIndex + offset, as: UInt8.self),
                  type == ICMPHeader.echoRequest || type == ICMPHeader.echoReply else { return nil }
            kind = .icmpEcho
        default: return nil
        }
    }

    private var checksumOffset: Int {
        switch kind {
        case .udp: 6
        case .tcp: 16
        case .icmpEcho: 2
        }
    }

    private func value(_ packet: ByteBuffer, at field: Int) -> UInt16 {
        packet.getInteger(at: packet.readerIndex + offset + field, as: UInt16.self) ?? 0
    }

    func sourcePortOrID(_ packet: ByteBuffer) -> UInt16 { value(packet, at: kind == .icmpEcho ? 4 : 0) }
    func destinationPortOrID(_ packet: ByteBuffer) -> UInt16 { value(packet, at: kind == .icmpEcho ? 4 : 2) }
    func destinationPortOrZero(_ packet: ByteBuffer) -> UInt16 { kind == .icmpEcho ? 0 : value(packet, at: 2) }
    func tcpFlags(_ packet: ByteBuffer) -> UInt8 { packet.getInteger(at: packet.readerIndex + offset + 13, as: UInt8.self) ?? 0 }

    /// Sets the source or destination port (the identifier for ICMP echo), fixing the checksum.
    func rewritePort(_ packet: inout ByteBuffer, source: Bool, to new: UInt16, header: IPv4Header) {
        let field = kind == .icmpEcho ? 4 : (source ? 0 : 2)
        let old = value(packet, at: field)
        packet.setInteger(new, at: packet.readerIndex + offset + field)
        adjustChecksum(&packet, old: old, new: new)
    }

    private func adjustChecksum(_ packet: inout ByteBuffer, old: UInt16, new: UInt16) {
        let at = packet.readerIndex + offset + checksumOffset
        let checksum = packet.getInteger(at: at, as: UInt16.self) ?? 0
        if kind == .udp && checksum == 0 { return }   // no UDP checksum stays none
        packet.setInteger(fixZero(InternetChecksum.update(checksum, old: old, new: new)), at: at)
    }

    /// Sets the IP source or destination address, fixing the IP header checksum and the UDP/TCP
    /// checksum, whose pseudo-header covers the address.
    static func rewriteAddress(_ packet: inout ByteBuffer, source: Bool, to address: IPv4Address, header: IPv4Header) {
        let old = source ? header.source : header.destination
        if source { IPv4Header.setSource(address, in: &packet) } else { IPv4Header.setDestination(address, in: &packet) }
        guard let l4 = L4Fields(packet, header: header), l4.kind != .icmpEcho else { return }
        let at = packet.readerIndex + l4.offset + l4.checksumOffset
        let checksum = packet.getInteger(at: at, as: UInt16.self) ?? 0
        if l4.kind == .udp && checksum == 0 { return }
        packet.setInteger(l4.fixZero(InternetChecksum.update(checksum, old: old.value, new: address.value)), at: at)
    }

    /// A computed UDP checksum of 0 is sent as 0xFFFF (0 means "none").
    private func fixZero(_ checksum: UInt16) -> UInt16 { kind == .udp && checksum == 0 ? 0xFFFF : checksum }
}
