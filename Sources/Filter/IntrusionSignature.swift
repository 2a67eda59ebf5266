import Config
import NIOCore
import Wire

/// The well-known attacks intrusion detection sees in one packet's headers, without payload or
/// state: what each is called in the log, which `intrusion detection` type watches it, and whether
/// it is discarded even without `reject=on` (8.1.17: the dangerous ones always are).
public struct IntrusionSignature: Equatable, Sendable {
    public var name: String
    public var kind: IntrusionDetection.Kind
    public var alwaysRejected: Bool

    static let land = IntrusionSignature(name: "Land attack", kind: .ip, alwaysRejected: true)
    static let malformedOption = IntrusionSignature(name: "Malformed IP option", kind: .ipOption, alwaysRejected: false)
    static let largeFragmentOffset = IntrusionSignature(name: "Large fragment offset", kind: .fragment, alwaysRejected: true)
    static let tcpFragmentOverlap = IntrusionSignature(name: "TCP fragment overlap", kind: .fragment, alwaysRejected: true)
    static let tinyFragment = IntrusionSignature(name: "Tiny fragment", kind: .fragment, alwaysRejected: false)
    static let icmpTooLarge = IntrusionSignature(name: "ICMP too large", kind: .icmp, alwaysRejected: false)
    static let udpShortHeader = IntrusionSignature(name: "UDP short header", kind: .udp, alwaysRejected: false)
    static let udpBomb = IntrusionSignature(name: "UDP bomb", kind: .udp, alwaysRejected: false)
    static let tcpNoFlags = IntrusionSignature(name: "TCP no bits set", kind: .tcp, alwaysRejected: false)
    static let tcpSYNFIN = IntrusionSignature(name: "TCP SYN and FIN", kind: .tcp, alwaysRejected: false)
    static let tcpXmas = IntrusionSignature(name: "TCP Xmas scan", kind: .tcp, alwaysRejected: false)
    static let tcpFINNoACK = IntrusionSignature(name: "TCP FIN and no ACK", kind: .tcp, alwaysRejected: false)

    static func option(_ type: UInt8) -> IntrusionSignature? {
        let name: String
        switch type {
        case 7: name = "Record route IP option"
        case 68: name = "Timestamp IP option"
        case 130: name = "Security IP option"
        case 131: name = "Loose source route IP option"
        case 136: name = "Stream ID IP option"
        case 137: name = "Strict source route IP option"
        default: return nil
        }
        return IntrusionSignature(name: name, kind: .ipOption, alwaysRejected: false)
    }

    static func icmp(_ type: UInt8) -> IntrusionSignature? {
        let name: String
        switch type {
        case 4: name = "ICMP source quench"
        case 5: name = "ICMP redirect"
        case 13: name = "ICMP timestamp request"
        case 14: name = "ICMP timestamp reply"
        case 15: name = "ICMP information request"
        case 16: name = "ICMP information reply"
        case 17: name = "ICMP address mask request"
        case 18: name = "ICMP address mask reply"
        default: return nil
        }
        return IntrusionSignature(name: name, kind: .icmp, alwaysRejected: false)
    }

    /// An ICMP datagram longer than an Ethernet frame carries (counting all its fragments) is "too large".
    static let icmpLimit = 1500

    /// The first attack `packet` shows, if any, checking only the kinds `watched` accepts.
    static func first(in packet: ByteBuffer, header: IPv4Header, _ p: FilterPacket,
                      watched: (IntrusionDetection.Kind) -> Bool) -> IntrusionSignature? {
        if watched(.ip), header.source == header.destination { return .land }
        if watched(.ipOption), !header.options.isEmpty, let found = optionAttack(header.options) { return found }
        let offset = Int(header.flagsAndFragmentOffset & 0x1FFF) * 8
        let payload = Int(header.totalLength) - header.headerLength
        let moreFragments = header.flagsAndFragmentOffset & IPv4Header.moreFragmentsFlag != 0
        if watched(.fragment), header.isFragment {
            if offset + payload > 65535 { return .largeFragmentOffset }
            // RFC 1858: a TCP fragment at offset 8 rewrites the flags the first fragment showed a filter.
            if header.protocol == IPProtocol.tcp, offset == 8 { return .tcpFragmentOverlap }
            if offset == 0, moreFragments, payload < (header.protocol == IPProtocol.tcp ? 16 : 8) { return .tinyFragment }
        }
        switch header.protocol {
        case IPProtocol.icmp where watched(.icmp):
            if offset + payload > icmpLimit - header.headerLength { return .icmpTooLarge }
            if p.hasTransport, let found = icmp(p.icmpType) { return found }
        case IPProtocol.udp where watched(.udp) && offset == 0:
            if payload < 8 { return .udpShortHeader }
            let length = packet.getInteger(at: packet.readerIndex + header.headerLength + 4, as: UInt16.self) ?? 0
            if !moreFragments, Int(length) > payload { return .udpBomb }
        case IPProtocol.tcp where watched(.tcp) && p.hasTransport:
            let flags = p.tcpFlags & 0x3F
            if flags & 0x003 == 0x003 { return .tcpSYNFIN }
            if flags & 0x029 == 0x029 { return .tcpXmas }
            if flags == 0 { return .tcpNoFlags }
            if flags & 0x011 == 0x001 { return .tcpFINNoACK }
        default:
            break
        }
        return nil
    }

    /// The first watched option of the list, or a list that does not parse.
    private static func optionAttack(_ options: [UInt8]) -> IntrusionSignature? {
        var i = 0
        while i < options.count {
            let type = options[i]
            if type == 0 { return nil }
            if type == 1 { i += 1; continue }
            guard i + 1 < options.count, options[i + 1] >= 2, i + Int(options[i + 1]) <= options.count else { return .malformedOption }
            if let found = option(type) { return found }
            i += Int(options[i + 1])
        }
        return nil
    }
}
