import NIOCore
import PPP
import Wire
@testable import Lab

/// A test-only lab node that dials PPPoE by answering the access concentrator frame by frame from
/// the wire types (it agrees to everything and asks for an address and a DNS server), answers pings
/// on its PPP address and sends one with `ping ADDRESS`. It stands in for a router's PPPoE client.
final class ScriptedSubscriber: LabNode {
    let name: String
    let portNames = ["eth0"]
    let mac: MACAddress
    let username: String
    let password: String
    private(set) var address: IPv4Address?
    private(set) var dns: [IPv4Address] = []
    private(set) var events: [String] = []
    private var ac: MACAddress?
    private var session: UInt16 = 0
    private var now: Duration = .zero
    private var transmissions: [Transmission] = []
    private var output = ""
    private var ping: (target: IPv4Address, sequence: UInt16, deadline: Duration)?
    private var sequence: UInt16 = 0

    init(name: String, mac: MACAddress, username: String, password: String) {
        self.name = name
        self.mac = mac
        self.username = username
        self.password = password
    }

    var prompt: String { "\(name)$" }
    var isConsoleBusy: Bool { ping != nil }
    var nextDeadline: Duration? { ping?.deadline }

    func takeTransmissions() -> [Transmission] {
        defer { transmissions.removeAll() }
        return transmissions
    }

    func takeConsoleOutput() -> String {
        defer { output = "" }
        return output
    }

    func linkChanged(port: String, up: Bool, now: Duration) {}

    func advance(to now: Duration) {
        if now > self.now { self.now = now }
        if let p = ping, p.deadline <= now {
            output += "ping \(p.target): timeout\n"
            ping = nil
        }
    }

    private func discovery(_ code: PPPoECode, _ tags: [PPPoETag], to destination: MACAddress) {
        transmissions.append(Transmission(port: "eth0", frame: PPPoEDiscoveryPacket(code: code, tags: tags).frame(destination: destination, source: mac)))
    }

    private func send(_ proto: UInt16, _ body: ByteBuffer) {
        guard let ac else { return }
        var frame = body
        PPPoESessionHeader.prepend(sessionID: session, protocol: proto, to: &frame)
        EthernetHeader(destination: ac, source: mac, etherType: EtherType.pppoeSession).prepend(to: &frame)
        transmissions.append(Transmission(port: "eth0", frame: frame))
    }

    private func control(_ proto: UInt16, _ code: PPPControlCode, _ id: UInt8, _ options: [PPPOption]) {
        send(proto, PPPControlPacket(code: code, identifier: id, options: options).buffer)
    }

    private func down(_ why: String) {
        events.append("down: \(why)")
        address = nil
        ac = nil
        session = 0
    }

    func receive(_ frame: ByteBuffer, on port: String, now: Duration) {
        advance(to: now)
        guard let (eth, payload) = try? EthernetHeader.parse(frame), eth.destination == mac else { return }
        if eth.etherType == EtherType.pppoeDiscovery, let packet = try? PPPoEDiscoveryPacket.parse(payload) {
            switch packet.code {
            case .pado where ac == nil && session == 0:
                ac = eth.source
                discovery(.padr, [.serviceName(""), .acCookie(packet.acCookie ?? [])], to: eth.source)
            case .pads where eth.source == ac && packet.sessionID != 0:
                session = packet.sessionID
                control(PPPProtocol.lcp, .configureRequest, 1, [.uint16(LCPOption.mru, 1492), .uint32(LCPOption.magicNumber, 0x5EED_0001)])
            case .padt where eth.source == ac && packet.sessionID == session:
                down("PADT")
            default: break
            }
            return
        }
        guard eth.etherType == EtherType.pppoeSession, eth.source == ac, let (id, proto, body) = try? PPPoESessionHeader.parse(payload),
              id == session else { return }
        switch proto {
        case PPPProtocol.lcp:
            guard let packet = try? PPPControlPacket.parse(body) else { return }
            switch packet.code {
            case .configureRequest:
                send(proto, PPPControlPacket(code: .configureAck, identifier: packet.identifier, data: packet.data).buffer)
                if let auth = try? packet.options().first(where: { $0.type == LCPOption.authProtocol }), auth.uint16 == PPPProtocol.pap {
                    send(PPPProtocol.pap, PAPPacket.request(identifier: 1, peerID: Array(username.utf8), password: Array(password.utf8)).buffer)
                }
            case .echoRequest:
                send(proto, PPPControlPacket(code: .echoReply, identifier: packet.identifier, data: [0x5E, 0xED, 0, 1]).buffer)
            case .terminateRequest:
                send(proto, PPPControlPacket(code: .terminateAck, identifier: packet.identifier).buffer)
                down("LCP terminated")
            default: break
            }
        case PPPProtocol.chap:
            guard let packet = try? CHAPPacket.parse(body) else { return }
            if packet.code == .challenge {
                let value = CHAPMD5.response(identifier: packet.identifier, secret: Array(password.utf8), challenge: packet.value)
                send(proto, CHAPPacket(code: .response, identifier: packet.identifier, value: value, name: Array(username.utf8)).buffer)
            }
        case PPPProtocol.ipcp:
            guard let packet = try? PPPControlPacket.parse(body), let options = try? packet.options() else { return }
            switch packet.code {
            case .configureRequest:
                send(proto, PPPControlPacket(code: .configureAck, identifier: packet.identifier, data: packet.data).buffer)
                control(proto, .configureRequest, 1, [.address(IPCPOption.ipAddress, .any), .address(IPCPOption.primaryDNS, .any)])
            case .configureNak:
                control(proto, .configureRequest, packet.identifier &+ 1, options)
            case .configureReject:
                // An ISP without DNS servers to give rejects the DNS option: ask for the address alone.
                control(proto, .configureRequest, packet.identifier &+ 1, [.address(IPCPOption.ipAddress, .any)])
            case .configureAck:
                address = options.first { $0.type == IPCPOption.ipAddress }?.address
                dns = options.filter { $0.type == IPCPOption.primaryDNS }.compactMap(\.address)
                events.append("up: \(address.map { "\($0)" } ?? "-")")
            default: break
            }
        case PPPProtocol.ipv4:
            ipv4(body)
        default: break
        }
    }

    private func ipv4(_ packet: ByteBuffer) {
        guard let own = address, let (ip, payload) = try? IPv4Header.parse(packet), ip.destination == own, ip.protocol == IPProtocol.icmp,
              let (icmp, data) = try? ICMPHeader.parse(payload) else { return }
        if icmp.type == ICMPHeader.echoRequest {
            sendICMP(ICMPHeader.message(type: ICMPHeader.echoReply, code: 0, restOfHeader: icmp.restOfHeader, data: data), to: ip.source)
        } else if icmp.type == ICMPHeader.echoReply, let p = ping, ip.source == p.target, icmp.sequence == p.sequence {
            output += "reply from \(ip.source): ttl=\(ip.ttl)\n"
            ping = nil
        } else if icmp.type == ICMPHeader.destinationUnreachable || icmp.type == ICMPHeader.timeExceeded, let p = ping {
            output += "ping \(p.target): ICMP type \(icmp.type) code \(icmp.code) from \(ip.source)\n"
            ping = nil
        }
    }

    private func sendICMP(_ icmp: ByteBuffer, to destination: IPv4Address) {
        guard let own = address else { return }
        sequence &+= 1
        send(PPPProtocol.ipv4, IPv4Header.packet(source: own, destination: destination, protocol: IPProtocol.icmp, ttl: 64,
                                                 identification: sequence, payload: icmp))
    }

    func enter(_ line: String, now: Duration) {
        advance(to: now)
        let words = line.split(separator: " ").map(String.init)
        switch words.first {
        case "connect":
            discovery(.padi, [.serviceName("")], to: .broadcast)
        case "ping" where words.count == 2:
            guard let target = IPv4Address(words[1]), address != nil else { return output += "ping: no link or no address\n" }
            sequence &+= 1
            ping = (target, sequence, now + .seconds(2))
            sendICMP(ICMPHeader.message(type: ICMPHeader.echoRequest, code: 0, restOfHeader: UInt32(0x4242) << 16 | UInt32(sequence),
                                        data: ByteBuffer(string: "lab ppp ping")), to: target)
        default:
            output += "connect, ping ADDRESS\n"
        }
    }
}
