import Wire

/// A lab host's `tcp ADDR PORT` or `udp ADDR PORT` command: one SYN or one datagram, and the line
/// that says what came back within `HostProbe.wait`. It is how a lab proves what a filter lets
/// through: an answer shows both directions passed.
struct HostProbe {
    static let wait: Duration = .seconds(3)

    let service: HostService
    let target: IPv4Address
    let sourcePort: UInt16
    /// The SYN's sequence number: a SYN-ACK must acknowledge it plus one.
    let sequence: UInt32
    let deadline: Duration

    /// `tcp 203.0.113.80 80`, `udp 203.0.113.53 53`.
    static func parse(_ words: [Substring]) -> Result<(HostService, IPv4Address), ProbeUsage> {
        guard words.count == 3, let transport = HostService.Transport(rawValue: String(words[0])),
              let target = IPv4Address(words[1]), let port = UInt16(words[2]), port > 0 else {
            return .failure(ProbeUsage(command: String(words[0])))
        }
        return .success((HostService(transport, port), target))
    }

    var subject: String { "\(service.transport.rawValue) \(target) port \(service.port)" }

    /// A segment from the target's port to ours that answers our SYN: the outcome line.
    func answer(tcp: TCPHeader, from source: IPv4Address) -> String? {
        guard service.transport == .tcp, source == target, tcp.sourcePort == service.port, tcp.destinationPort == sourcePort,
              tcp.isACK, tcp.acknowledgment == sequence &+ 1 else { return nil }
        if tcp.isRST { return "\(subject): closed (RST)" }
        return tcp.isSYN ? "\(subject): open (SYN-ACK)" : nil
    }

    func answer(udpFrom source: IPv4Address, _ udp: UDPHeader, bytes: Int) -> String? {
        guard service.transport == .udp, source == target, udp.sourcePort == service.port, udp.destinationPort == sourcePort else {
            return nil
        }
        return "\(subject): answered (\(bytes) bytes)"
    }

    /// An ICMP error whose quoted header is our probe's.
    func answer(icmp: ICMPHeader, quoting proto: UInt8, to destination: IPv4Address, ports: (source: UInt16, destination: UInt16),
                from source: IPv4Address) -> String? {
        let expected = service.transport == .tcp ? IPProtocol.tcp : IPProtocol.udp
        guard proto == expected, destination == target, ports == (sourcePort, service.port) else { return nil }
        return "\(subject): unreachable (ICMP type \(icmp.type) code \(icmp.code) from \(source))"
    }

    var timeoutLine: String { "\(subject): no answer in \(HostProbe.wait.components.seconds) s" }
}

struct ProbeUsage: Error {
    let command: String
    var message: String { "usage: \(command) ADDRESS PORT" }
}
