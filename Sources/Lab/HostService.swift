/// A port a lab host listens on (`listen: [tcp/80, udp/7]`): a TCP port answers a SYN with a
/// SYN-ACK, a UDP port echoes each datagram back. Any other port answers as a closed one (RST, or
/// ICMP port unreachable), as a Linux host does.
public struct HostService: Hashable, Sendable, CustomStringConvertible {
    public enum Transport: String, Sendable { case tcp, udp }

    public var transport: Transport
    public var port: UInt16

    public init(_ transport: Transport, _ port: UInt16) {
        self.transport = transport
        self.port = port
    }

    /// `tcp/80`, `udp/53`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let transport = Transport(rawValue: String(parts[0])),
              parts[1].allSatisfy(\.isASCII), let port = UInt16(parts[1]), port > 0 else { return nil }
        self.init(transport, port)
    }

    public var description: String { "\(transport.rawValue)/\(port)" }
}
