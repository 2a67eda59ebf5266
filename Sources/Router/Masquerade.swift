import NIOCore
import Wire

/// One `nat descriptor type N masquerade`: many inner addresses share the outer address, told
/// apart by translated UDP/TCP ports and ICMP echo identifiers. Static entries pin a protocol
/// (and port) to one inner address; everything else arriving for the outer address without a
/// mapping is refused.
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
    }

    enum Verdict: Equatable {
        case translated
        /// Not to be translated (no descriptor match, the router's own outer address ...).
        case untouched
        case drop(DropReason)
    }

    static let portRange: ClosedRange<UInt16> = 60000...64095

    var descriptor: Int
    var outer: IPv4Address
    /// `nat descriptor address inner`: the sources translated (nil: `auto`, all of them).
    var inner: ClosedRange<IPv4Address>?
    var statics: [StaticEntry]
    var timeout: Duration = .seconds(900)
    private(set) var mappings: [OuterKey: Mapping] = [:]
    private var byFlow: [Flow: OuterKey] = [:]
    private var nextPort = Masquerade.portRange.lowerBound

    init(descriptor: Int, outer: IPv4Address, inner: ClosedRange<IPv4Address>? = nil, statics: [StaticEntry]) {
        self.descriptor = descriptor
        self.outer = outer
        self.inner = inner
        self.statics = statics
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
        } else if let key = byFlow[flow], var m = mappings[key], m.expires > now {
            m.expires = now + timeout
            mappings[key] = m
            outerPort = key.outerPort
        } else {
            expire(now: now)
            guard let port = allocatePort(protocol: flow.protocol) else { return .drop(.natPortsExhausted) }
            let key = OuterKey(protocol: flow.protocol, outerPort: port)
            mappings[key] = Mapping(flow: flow, outerPort: port, remote: header.destination,
                                    remotePort: l4.destinationPortOrZero(packet), expires: now + timeout)
            byFlow[flow] = key
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
        guard var m = mappings[key], m.expires > now else { return .untouched }
        m.expires = now + timeout
        mappings[key] = m
        l4.rewritePort(&packet, source: false, to: m.flow.innerPort, header: header)
        L4Fields.rewriteAddress(&packet, source: false, to: m.flow.inner, header: header)
        return .translated
    }

    mutating func expire(now: Duration) {
        for (key, m) in mappings where m.expires <= now {
            mappings[key] = nil
            byFlow[m.flow] = nil
        }
    }

    private mutating func allocatePort(protocol proto: UInt8) -> UInt16? {
        let size = Int(Masquerade.portRange.count)
        for _ in 0..<size {
            let port = nextPort
            nextPort = port == Masquerade.portRange.upperBound ? Masquerade.portRange.lowerBound : port + 1
            let key = OuterKey(protocol: proto, outerPort: port)
            if mappings[key] == nil && !statics.contains(where: { $0.protocol == proto && $0.outerPort == port }) {
                return port
            }
        }
        return nil
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
