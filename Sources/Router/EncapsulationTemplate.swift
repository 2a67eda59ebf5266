import NIOCore
import Wire

/// A tunnel's outer headers as the full forwarding path last produced them — next-hop MAC from
/// ARP, source address and port after NAT, the port it left by — so that the following data
/// frames skip route, NAT and ARP lookups. Valid while ARP and the config are unchanged, and for
/// one second at most: then the full path runs again (refreshing NAT and ARP timers) and renews it.
struct EncapsulationTemplate {
    static let lifetime: Duration = .seconds(1)
    /// Larger packets need fragments: the full path makes them.
    static let mtu = IPv4Fragmenter.ethernetMTU
    /// IPv4 + UDP headers.
    static let overhead = 20 + 8

    let port: String
    let ethernet: EthernetHeader
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
    init?(frame: ByteBuffer, port: String, payloadLength: Int, now: Duration, arpGeneration: Int, configGeneration: Int) {
        guard let (eth, packet) = try? EthernetHeader.parse(frame), eth.etherType == EtherType.ipv4,
              let (ip, segment) = try? IPv4Header.parse(packet), ip.protocol == IPProtocol.udp, !ip.isFragment,
              ip.headerLength == IPv4Header.minimumLength,
              let (udp, payload) = try? UDPHeader.parse(segment, source: ip.source, destination: ip.destination),
              payload.readableBytes == payloadLength else { return nil }
        self.port = port
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
        ethernet.prepend(to: &frame)
    }
}
