import NIOCore
import PPP
import Wire
@testable import Lab

/// A test-only lab node: a PC dialling PPPoE with the `PPP` module's client, answering pings on its
/// PPP address and sending one with `ping ADDRESS`, until a router can dial for itself in the lab.
final class PPPoEClientTestNode: LabNode {
    let name: String
    let portNames = ["eth0"]
    let mac: MACAddress
    var client: PPPoEClient
    private(set) var link: PPPoEClient.Link?
    private(set) var log: [String] = []
    private var now: Duration = .zero
    private var transmissions: [Transmission] = []
    private var output = ""
    /// The outstanding ping: its target, sequence and when it gives up.
    private var ping: (target: IPv4Address, sequence: UInt16, deadline: Duration)?
    private var sequence: UInt16 = 0
    private var identification: UInt16 = 0

    init(name: String, mac: MACAddress, username: String, password: String, seed: UInt64) {
        self.name = name
        self.mac = mac
        var settings = PPPoEClientSettings()
        settings.username = username
        settings.password = password
        settings.acceptedAuth = [.pap, .chap]
        settings.requestAddress = true
        settings.requestDNS = true
        settings.keepalive = .init(interval: .seconds(5), retryInterval: .seconds(1), count: 3)
        client = PPPoEClient(settings: settings, mac: mac, random: SeededGenerator(seed: seed))
    }

    var prompt: String { "\(name)$" }
    var isConsoleBusy: Bool { ping != nil }
    var nextDeadline: Duration? { [client.nextDeadline, ping?.deadline].compactMap { $0 }.min() }

    func takeTransmissions() -> [Transmission] {
        defer { transmissions.removeAll() }
        return transmissions
    }

    func takeConsoleOutput() -> String {
        defer { output = "" }
        return output
    }

    func linkChanged(port: String, up: Bool, now: Duration) { advance(to: now) }

    func advance(to now: Duration) {
        if now > self.now { self.now = now }
        client.advance(to: now)
        drain()
        if let p = ping, p.deadline <= now {
            output += "ping \(p.target): timeout\n"
            ping = nil
        }
    }

    func receive(_ frame: ByteBuffer, on port: String, now: Duration) {
        advance(to: now)
        guard let (eth, payload) = try? EthernetHeader.parse(frame), eth.destination == mac || eth.destination.isGroup else { return }
        if eth.etherType == EtherType.pppoeSession, let link, let parsed = try? PPPoESessionHeader.parse(payload),
           parsed.sessionID == link.sessionID, parsed.protocol == PPPProtocol.ipv4 {
            return ipv4(parsed.body, link)
        }
        guard eth.etherType == EtherType.pppoeDiscovery || eth.etherType == EtherType.pppoeSession else { return }
        client.receive(payload, etherType: eth.etherType, source: eth.source, now: now)
        drain()
    }

    private func drain() {
        for out in client.takeOutput() {
            switch out {
            case let .frame(frame): transmissions.append(Transmission(port: "eth0", frame: frame))
            case let .log(line), let .pppoeLog(line): log.append(line)
            case let .up(up): link = up
            case let .down(reason):
                log.append("down: \(reason)")
                link = nil
            case .drop: break
            }
        }
    }

    private func ipv4(_ packet: ByteBuffer, _ link: PPPoEClient.Link) {
        guard let (ip, payload) = try? IPv4Header.parse(packet), ip.destination == link.address, ip.protocol == IPProtocol.icmp,
              let (icmp, data) = try? ICMPHeader.parse(payload) else { return }
        if icmp.type == ICMPHeader.echoRequest {
            send(ICMPHeader.message(type: ICMPHeader.echoReply, code: 0, restOfHeader: icmp.restOfHeader, data: data), to: ip.source, link)
        } else if icmp.type == ICMPHeader.echoReply, let p = ping, ip.source == p.target, icmp.sequence == p.sequence {
            output += "reply from \(ip.source): ttl=\(ip.ttl)\n"
            ping = nil
        }
    }

    private func send(_ icmp: ByteBuffer, to destination: IPv4Address, _ link: PPPoEClient.Link) {
        identification &+= 1
        var frame = IPv4Header.packet(source: link.address, destination: destination, protocol: IPProtocol.icmp, ttl: 64,
                                      identification: identification, payload: icmp)
        link.encapsulate(ipv4: &frame, ourMAC: mac)
        transmissions.append(Transmission(port: "eth0", frame: frame))
    }

    func enter(_ line: String, now: Duration) {
        advance(to: now)
        let words = line.split(separator: " ").map(String.init)
        switch words.first {
        case "connect": client.connect(now: now)
        case "disconnect": client.disconnect(now: now)
        case "show":
            output += link.map { "up \($0.address) peer \($0.peerAddress.map { "\($0)" } ?? "-") dns \($0.dns) mtu \($0.mtu)\n" } ?? "down\n"
        case "ping" where words.count == 2:
            guard let target = IPv4Address(words[1]), let link else { return output += "ping: no link or no address\n" }
            sequence &+= 1
            ping = (target, sequence, now + .seconds(2))
            send(ICMPHeader.message(type: ICMPHeader.echoRequest, code: 0, restOfHeader: UInt32(0x1234) << 16 | UInt32(sequence),
                                    data: ByteBuffer(string: "lab ppp ping")), to: target, link)
        default:
            output += "connect, disconnect, show, ping ADDRESS\n"
        }
        drain()
    }
}
