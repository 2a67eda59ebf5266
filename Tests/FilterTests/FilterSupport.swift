import Config
import Filter
import NIOCore
import Wire

extension IPv4Address: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = IPv4Address(value)! }
}

/// An engine with one interface, `lan2`, configured from RTX lines.
func engine(_ lines: String) throws -> FilterEngine {
    let engine = FilterEngine()
    engine.configure(try Config.parse(lines), interfaces: [("lan2", "LAN2")])
    return engine
}

func tcp(_ src: IPv4Address, _ sport: UInt16, _ dst: IPv4Address, _ dport: UInt16, flags: UInt16 = TCPHeader.ack) -> FilterPacket {
    var p = FilterPacket(proto: IPProtocol.tcp, source: src, destination: dst)
    (p.sourcePort, p.destinationPort, p.tcpFlags, p.hasTransport) = (sport, dport, flags, true)
    return p
}

func udp(_ src: IPv4Address, _ sport: UInt16, _ dst: IPv4Address, _ dport: UInt16) -> FilterPacket {
    var p = FilterPacket(proto: IPProtocol.udp, source: src, destination: dst)
    (p.sourcePort, p.destinationPort, p.hasTransport) = (sport, dport, true)
    return p
}

func icmp(_ src: IPv4Address, _ dst: IPv4Address, type: UInt8, code: UInt8 = 0, id: UInt16 = 7) -> FilterPacket {
    var p = FilterPacket(proto: IPProtocol.icmp, source: src, destination: dst)
    (p.icmpType, p.icmpCode, p.icmpIdentifier, p.hasTransport) = (type, code, id, true)
    return p
}

extension FilterEngine {
    /// The verdict of lan2's list: nil passes.
    func run(_ p: FilterPacket, _ direction: FilterDirection, at seconds: Int = 0) -> DropReason? {
        check(p, slot: slot(of: "lan2")!, direction: direction, now: .seconds(seconds))
    }

    func takeLines() -> [String] {
        defer { logs.removeAll() }
        return logs.map {
            switch $0 {
            case .line(let text): text
            case let .inspect(text, started): "\(text) @\(started.components.seconds)"
            }
        }
    }
}
