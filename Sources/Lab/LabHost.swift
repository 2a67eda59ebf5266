import NIOCore
import Router
import Wire

/// A PC on the lab network: one port, ARP, ICMP echo, a DHCP client or a fixed address, and a
/// console with `ping`, `dig` and `show ip address`. With a zone it is a lab `dns` node: it
/// answers DNS queries on UDP 53 and its console shows them (`show queries`).
public final class LabHost: LabNode {
    public let name: String
    public let portNames = ["eth0"]
    public let mac: MACAddress
    public private(set) var address: IPv4Prefix?
    public private(set) var gateway: IPv4Address?
    /// DNS servers the DHCP lease named, which `dig` asks without `@SERVER`.
    public private(set) var dnsServers: [IPv4Address] = []
    public private(set) var zone: LabDNSZone?
    private var dig: LabDig?
    private var digRandom: SeededGenerator
    private var dhcp: DHCPClient?
    private var now: Duration = .zero
    private var arpTable: [IPv4Address: MACAddress] = [:]
    private var waiting: [IPv4Address: [ByteBuffer]] = [:]
    /// Outstanding ARP requests: when the next retry is due and how many were sent.
    private var resolving: [IPv4Address: (retryAt: Duration, sent: Int)] = [:]
    private var ping: PingSession?
    private var pingIdentifier: UInt16
    private var identification: UInt16 = 1
    private var transmissions: [Transmission] = []
    private var output = ""

    public init(name: String, mac: MACAddress, dhcp: Bool, address: IPv4Prefix?, gateway: IPv4Address?, random: SeededGenerator,
                zone: LabDNSZone? = nil) {
        var random = random
        self.zone = zone
        digRandom = random.derived("dig")
        self.name = name
        self.mac = mac
        self.address = address
        self.gateway = gateway
        pingIdentifier = UInt16(truncatingIfNeeded: random.next())
        if dhcp {
            var client = DHCPClient(mac: mac, xidSeed: UInt32(truncatingIfNeeded: random.next()))
            let out = client.start(now: .zero)
            self.dhcp = client
            handle(out)
        }
    }

    public var prompt: String { "\(name)$" }
    public var isConsoleBusy: Bool { ping != nil || dig != nil }

    public func takeTransmissions() -> [Transmission] {
        defer { transmissions.removeAll() }
        return transmissions
    }

    public func takeConsoleOutput() -> String {
        defer { output = "" }
        return output
    }

    public var nextDeadline: Duration? {
        ([dhcp?.nextDeadline, ping?.nextDeadline, dig?.deadline] + resolving.values.map(\.retryAt)).compactMap { $0 }.min()
    }

    public func advance(to now: Duration) {
        if now > self.now { self.now = now }
        if var client = dhcp, let deadline = client.nextDeadline, deadline <= now {
            let out = client.tick(now: now)
            dhcp = client
            handle(out)
        }
        arpRetries()
        pingTimers()
        if let session = dig, session.deadline <= now {
            output += ";; connection timed out; no servers could be reached\n"
            dig = nil
        }
    }

    /// Asks again for unanswered next hops (three requests, a second apart), then gives up on their packets.
    private func arpRetries() {
        for (target, r) in resolving.sorted(by: { $0.key < $1.key }) where r.retryAt <= now {
            if r.sent >= 3 {
                resolving[target] = nil
                waiting[target] = nil
            } else {
                resolving[target] = (now + .seconds(1), r.sent + 1)
                sendARPRequest(for: target)
            }
        }
    }

    private func sendARPRequest(for target: IPv4Address) {
        guard let own = address else { return }
        let request = ARPPacket(operation: .request, senderMAC: mac, senderIP: own.address, targetMAC: .zero, targetIP: target)
        transmit(EthernetHeader.frame(destination: .broadcast, source: mac, etherType: EtherType.arp, payload: request.buffer))
    }

    /// A PC whose cable is plugged in asks for an address again.
    public func linkChanged(port: String, up: Bool, now: Duration) {
        advance(to: now)
        guard up, var client = dhcp else { return }
        let out = client.start(now: now)
        dhcp = client
        handle(out)
    }

    // MARK: Console

    public func enter(_ line: String, now: Duration) {
        advance(to: now)
        let words = line.split(separator: " ")
        guard let first = words.first else { return }
        switch (first, words.count) {
        case ("ping", _):
            switch PingSession.Options.parse(words) {
            case let .failure(error): output += error.message + "\n"
            case let .success(options):
                pingIdentifier &+= 1
                ping = PingSession(options: options, identifier: pingIdentifier, now: now)
                pingTimers()
            }
        case ("show", 3) where words[1] == "ip" && words[2] == "address":
            output += showAddress()
        case ("show", 2) where words[1] == "queries" && zone != nil:
            output += zone?.show() ?? ""
        case ("dig", _):
            startDig(words)
        default:
            output += "\(first): command not found (this host knows ping, dig and show ip address)\n"
        }
    }

    func showAddress() -> String {
        var text = "eth0: \(mac)\n"
        if let address {
            text += "  inet \(address)" + (dhcp != nil ? " (dhcp)" : "") + "\n"
        } else {
            text += "  no address" + (dhcp != nil ? " (dhcp: waiting for a lease)" : "") + "\n"
        }
        if let gateway { text += "  default via \(gateway)\n" }
        if !dnsServers.isEmpty { text += "  dns " + dnsServers.map(\.description).joined(separator: " ") + "\n" }
        return text
    }

    private func startDig(_ words: [Substring]) {
        switch LabDig.parse(words) {
        case let .error(message): output += message + "\n"
        case let .dig(name, type, server):
            guard let server = server ?? dnsServers.first else { return output += "dig: no DNS server (give @SERVER)\n" }
            let session = LabDig(question: DNSQuestion(name: name, type: type), server: server,
                                 id: UInt16.random(in: 0...UInt16.max, using: &digRandom),
                                 port: UInt16.random(in: 49152...65535, using: &digRandom), deadline: now + LabDig.timeout)
            dig = session
            guard let own = address?.address else { return }
            send(protocol: IPProtocol.udp, to: server, payload: UDPHeader.datagram(
                sourcePort: session.port, destinationPort: DNSMessage.port, payload: session.query.buffer, source: own, destination: server))
        }
    }

    /// A DNS datagram for this host: a query for its zone, or the answer its `dig` waits for.
    private func dnsInput(_ data: ByteBuffer, ip: IPv4Header, udp: UDPHeader) {
        guard let own = address?.address, ip.destination == own, let message = try? DNSMessage.parse(data) else { return }
        if udp.destinationPort == DNSMessage.port, var served = zone {
            let answer = served.answer(message, from: ip.source)
            zone = served
            guard let answer else { return }
            send(protocol: IPProtocol.udp, to: ip.source, payload: UDPHeader.datagram(
                sourcePort: DNSMessage.port, destinationPort: udp.sourcePort, payload: answer.buffer(limit: message.udpPayloadLimit),
                source: own, destination: ip.source))
        } else if let session = dig, udp.sourcePort == DNSMessage.port, udp.destinationPort == session.port, ip.source == session.server,
                  message.isResponse, message.id == session.id, message.questions == [session.question] {
            output += session.show(message, elapsed: now - (session.deadline - LabDig.timeout))
            dig = nil
        }
    }

    private func pingTimers() {
        while var session = ping, let seq = session.due(now: now) {
            ping = session
            send(protocol: IPProtocol.icmp, to: session.options.target, payload: session.echoRequest(sequence: seq))
        }
        guard var session = ping else { return }
        if let summary = session.finishIfDone(now: now) {
            output += summary + "\n"
            ping = nil
        } else {
            ping = session
        }
    }

    // MARK: Network

    public func receive(_ frame: ByteBuffer, on port: String, now: Duration) {
        advance(to: now)
        guard let (eth, payload) = try? EthernetHeader.parse(frame),
              eth.destination == mac || eth.destination.isGroup else { return }
        switch eth.etherType {
        case EtherType.arp: arpInput(payload)
        case EtherType.ipv4: ipInput(payload)
        default: break
        }
    }

    private func arpInput(_ payload: ByteBuffer) {
        guard let arp = try? ARPPacket.parse(payload), let own = address else { return }
        if arp.targetIP == own.address || arpTable[arp.senderIP] != nil {
            arpTable[arp.senderIP] = arp.senderMAC
            resolving[arp.senderIP] = nil
            for packet in waiting.removeValue(forKey: arp.senderIP) ?? [] { sendFrame(packet, to: arp.senderMAC) }
        }
        if arp.operation == .request && arp.targetIP == own.address {
            let reply = ARPPacket(operation: .reply, senderMAC: mac, senderIP: own.address, targetMAC: arp.senderMAC, targetIP: arp.senderIP)
            transmit(EthernetHeader.frame(destination: arp.senderMAC, source: mac, etherType: EtherType.arp, payload: reply.buffer))
        }
    }

    private func ipInput(_ packet: ByteBuffer) {
        guard let (ip, payload) = try? IPv4Header.parse(packet) else { return }
        switch ip.protocol {
        case IPProtocol.icmp where ip.destination == address?.address:
            guard let (icmp, data) = try? ICMPHeader.parse(payload) else { return }
            if icmp.type == ICMPHeader.echoRequest {
                let reply = ICMPHeader.message(type: ICMPHeader.echoReply, code: 0, restOfHeader: icmp.restOfHeader, data: data)
                send(protocol: IPProtocol.icmp, to: ip.source, payload: reply)
            } else if icmp.type == ICMPHeader.echoReply, var session = ping {
                if let line = session.reply(from: ip.source, identifier: icmp.identifier, sequence: icmp.sequence, ttl: ip.ttl, now: now) {
                    output += line + "\n"
                }
                ping = session
                pingTimers()
            }
        case IPProtocol.udp:
            guard let (udp, data) = try? UDPHeader.parse(payload, source: ip.source, destination: ip.destination) else { return }
            if udp.destinationPort == DNSMessage.port || udp.sourcePort == DNSMessage.port { return dnsInput(data, ip: ip, udp: udp) }
            guard var client = dhcp, udp.destinationPort == 68, let message = try? DHCPMessage.parse(data) else { return }
            let out = client.handle(message, now: now)
            dhcp = client
            handle(out)
        default:
            break
        }
    }

    /// Applies what the DHCP client decided: messages to send, and the lease it holds now.
    private func handle(_ outputs: [DHCPClient.Output]) {
        for out in outputs {
            switch out {
            case let .send(message, .broadcast):
                let udp = UDPHeader.datagram(sourcePort: 68, destinationPort: 67, payload: message.buffer, source: .any, destination: .broadcast)
                sendFrame(IPv4Header.packet(source: .any, destination: .broadcast, protocol: IPProtocol.udp, ttl: 64,
                                            identification: nextIdentification(), payload: udp), to: .broadcast)
            case let .send(message, .unicast(server)):
                guard let own = address?.address else { continue }
                let udp = UDPHeader.datagram(sourcePort: 68, destinationPort: 67, payload: message.buffer, source: own, destination: server)
                route(IPv4Header.packet(source: own, destination: server, protocol: IPProtocol.udp, ttl: 64,
                                        identification: nextIdentification(), payload: udp), to: server)
            case let .bound(lease):
                if address != lease.address { arpTable.removeAll() }
                address = lease.address
                gateway = lease.router
                dnsServers = lease.dns
            case .lost:
                address = nil
                gateway = nil
                dnsServers = []
                arpTable.removeAll()
                waiting.removeAll()
                resolving.removeAll()
            }
        }
    }

    private func send(protocol proto: UInt8, to destination: IPv4Address, payload: ByteBuffer) {
        guard let own = address else { return }
        let packet = IPv4Header.packet(source: own.address, destination: destination, protocol: proto, ttl: 64,
                                       identification: nextIdentification(), payload: payload)
        route(packet, to: destination)
    }

    private func route(_ packet: ByteBuffer, to destination: IPv4Address) {
        guard let own = address else { return }
        let nextHop: IPv4Address
        if own.contains(destination) { nextHop = destination } else if let gateway { nextHop = gateway } else { return }
        if let mac = arpTable[nextHop] { return sendFrame(packet, to: mac) }
        guard own.contains(nextHop) else { return }
        waiting[nextHop, default: []].append(packet)
        if resolving[nextHop] == nil {
            resolving[nextHop] = (now + .seconds(1), 1)
            sendARPRequest(for: nextHop)
        }
    }

    private func sendFrame(_ packet: ByteBuffer, to destination: MACAddress) {
        transmit(EthernetHeader.frame(destination: destination, source: mac, etherType: EtherType.ipv4, payload: packet))
    }

    private func transmit(_ frame: ByteBuffer) { transmissions.append(Transmission(port: "eth0", frame: frame)) }

    private func nextIdentification() -> UInt16 {
        defer { identification &+= 1 }
        return identification
    }
}
