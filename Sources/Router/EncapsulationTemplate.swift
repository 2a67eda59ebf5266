import NIOCore
import Wire

/// A tunnel's outer headers as the full forwarding path last produced them — next-hop MAC from
/// ARP, source address and port after NAT, the port it left by — so that the following data
/// frames skip route, NAT and ARP lookups. Valid while ARP and the config are unchanged, and for
/// one second at most: then the full path runs again (refreshing NAT and ARP timers) and renews it.
/// Over `pp N` the frame also carries the PPPoE session header; a new session changes the config
/// generation (the pp's interface is rebuilt), so a template never outlives its session.
struct EncapsulationTemplate {
    static let lifetime: Duration = .seconds(1)
    /// IPv4 + UDP headers.
    static let overhead = 20 + 8

    let port: String
    let ethernet: EthernetHeader
    /// The PPPoE session the packet went in, when it left by a pp.
    let pppoeSession: UInt16?
    /// The largest IPv4 packet the template may make: larger ones need fragments, which the full path makes.
    let mtu: Int
    let source: IPv4Address
    let destination: IPv4Address
    let ttl: UInt8
    let sourcePort: UInt16
    let destinationPort: UInt16
    let validUntil: Duration
    let arpGeneration: Int
    let configGeneration: Int

    /// Reads the headers of a frame the full path sent for an L2TP payload of `payloadLength` bytes;
    /// nil when it is anything else (fragmented, not UDP).
    init?(frame: ByteBuffer, port: String, payloadLength: Int, mtu: Int, now: Duration, arpGeneration: Int, configGeneration: Int) {
        guard let (eth, ethernetPayload) = try? EthernetHeader.parse(frame) else { return nil }
        var packet = ethernetPayload
        var pppoeSession: UInt16?
        if eth.etherType == EtherType.pppoeSession {
            guard let session = try? PPPoESessionHeader.parse(ethernetPayload), session.protocol == PPPProtocol.ipv4 else { return nil }
            packet = session.body
            pppoeSession = session.sessionID
        } else if eth.etherType != EtherType.ipv4 {
            return nil
        }
        guard let (ip, segment) = try? IPv4Header.parse(packet), ip.protocol == IPProtocol.udp, !ip.isFragment,
              ip.headerLength == IPv4Header.minimumLength,
              let (udp, payload) = try? UDPHeader.parse(segment, source: ip.source, destination: ip.destination),
              payload.readableBytes == payloadLength else { return nil }
        self.port = port
        self.pppoeSession = pppoeSession
        self.mtu = mtu
        ethernet = eth
        source = ip.source
        destination = ip.destination
        ttl = ip.ttl
        sourcePort = udp.sourcePort
        destinationPort = udp.destinationPort
        validUntil = now + EncapsulationTemplate.lifetime
        self.arpGeneration = arpGeneration
        self.configGeneration = configGeneration
    }

    func isValid(now: Duration, arpGeneration: Int, configGeneration: Int) -> Bool {
        now < validUntil && arpGeneration == self.arpGeneration && configGeneration == self.configGeneration
    }

    /// Turns an L2TP payload into the whole frame in place: its buffer's headroom takes the headers
    /// (in place, so the buffer stays uniquely owned and is never copied).
    func encapsulate(_ frame: inout ByteBuffer, identification: UInt16) {
        UDPHeader.prepend(sourcePort: sourcePort, destinationPort: destinationPort, source: source, destination: destination, to: &frame)
        IPv4Header.prepend(source: source, destination: destination, protocol: IPProtocol.udp, ttl: ttl,
                           identification: identification, to: &frame)
        if let pppoeSession { PPPoESessionHeader.prepend(sessionID: pppoeSession, protocol: PPPProtocol.ipv4, to: &frame) }
        ethernet.prepend(to: &frame)
    }
}
