import NIOCore
import Wire

/// What a filter looks at in one IPv4 packet, read once from its bytes: addresses, protocol, the
/// TCP/UDP ports or ICMP type, code and echo identifier, and TCP flags.
public struct FilterPacket: Sendable {
    public var proto: UInt8
    public var source: IPv4Address
    public var destination: IPv4Address
    public var sourcePort: UInt16 = 0
    public var destinationPort: UInt16 = 0
    public var tcpFlags: UInt16 = 0
    public var icmpType: UInt8 = 0
    public var icmpCode: UInt8 = 0
    public var icmpIdentifier: UInt16 = 0
    /// The transport header is here and whole (not a later fragment, not truncated).
    public var hasTransport = false

    public init(proto: UInt8, source: IPv4Address, destination: IPv4Address) {
        self.proto = proto
        self.source = source
        self.destination = destination
    }

    /// `destination` replaces the header's when NAT has chosen an inner address without rewriting the bytes.
    public init(_ packet: ByteBuffer, header: IPv4Header, destination: IPv4Address? = nil) {
        self.init(proto: header.protocol, source: header.source, destination: destination ?? header.destination)
        guard header.flagsAndFragmentOffset & 0x1FFF == 0 else { return }
        let at = packet.readerIndex + header.headerLength
        let available = min(packet.readableBytes, Int(header.totalLength)) - header.headerLength
        switch proto {
        case IPProtocol.tcp where available >= 14:
            sourcePort = packet.getInteger(at: at, as: UInt16.self) ?? 0
            destinationPort = packet.getInteger(at: at + 2, as: UInt16.self) ?? 0
            tcpFlags = (packet.getInteger(at: at + 12, as: UInt16.self) ?? 0) & 0x0FFF
            hasTransport = true
        case IPProtocol.udp where available >= 4:
            sourcePort = packet.getInteger(at: at, as: UInt16.self) ?? 0
            destinationPort = packet.getInteger(at: at + 2, as: UInt16.self) ?? 0
            hasTransport = true
        case IPProtocol.icmp where available >= 8:
            icmpType = packet.getInteger(at: at, as: UInt8.self) ?? 0
            icmpCode = packet.getInteger(at: at + 1, as: UInt8.self) ?? 0
            icmpIdentifier = packet.getInteger(at: at + 4, as: UInt16.self) ?? 0
            hasTransport = true
        default:
            break
        }
    }

    var isTCPOrUDP: Bool { proto == IPProtocol.tcp || proto == IPProtocol.udp }
    var isEchoRequest: Bool { proto == IPProtocol.icmp && hasTransport && icmpType == 8 }
    var isEchoReply: Bool { proto == IPProtocol.icmp && hasTransport && icmpType == 0 }

    /// The ports a connection is told apart by: TCP/UDP ports; for ICMP echo the identifier on the
    /// requester's side (request `(id, 0)`, reply `(0, id)`), so a reply is the reverse of its request.
    var flowPorts: (UInt16, UInt16) {
        if isTCPOrUDP { return (sourcePort, destinationPort) }
        if isEchoRequest { return (icmpIdentifier, 0) }
        if isEchoReply { return (0, icmpIdentifier) }
        return (0, 0)
    }

    /// `TCP 203.0.113.5:4431 > 192.168.10.1:23`, `ICMP 203.0.113.5 > 192.168.10.1`, as RTX logs a packet.
    public var logText: String {
        switch proto {
        case IPProtocol.tcp, IPProtocol.udp:
            let name = proto == IPProtocol.tcp ? "TCP" : "UDP"
            if hasTransport { return "\(name) \(source):\(sourcePort) > \(destination):\(destinationPort)" }
            return "\(name) \(source) > \(destination)"
        default:
            return "\(FilterPacket.protocolName(proto)) \(source) > \(destination)"
        }
    }

    static func protocolName(_ proto: UInt8) -> String {
        switch proto {
        case IPProtocol.icmp: "ICMP"
        case IPProtocol.tcp: "TCP"
        case IPProtocol.udp: "UDP"
        case 47: "GRE"
        case IPProtocol.esp: "ESP"
        case 51: "AH"
        default: "PROTO=\(proto)"
        }
    }
}
