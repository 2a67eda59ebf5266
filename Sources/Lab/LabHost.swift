import NIOCore
import Router
import Wire

/// A PC on the lab network: one port, ARP, ICMP echo, a DHCP client or a fixed address, the TCP and
/// UDP ports it listens on, and a console with `ping`, `tcp`, `udp`, `flood`, `dig` and `show ip address`.
/// With a zone it is a lab `dns` node: it answers DNS queries on UDP 53 and its console shows them
/// (`show queries`).
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
    private var flood: LabFlood?
    private var floodRandom: SeededGenerator
    private var dhcp: DHCPClient?
    private var now: Duration = .zero
    private var arpTable: [IPv4Address: MACAddress] = [:]
    private var waiting: [IPv4Address: [ByteBuffer]] = [:]
    /// Outstanding ARP requests: when the next retry is due and how many were sent.
    private var resolving: [IPv4Address: (retryAt: Duration, sent: Int)] = [:]
    private var ping: PingSession?
    private var pingIdentifier: UInt16
    public let services: Set<HostService>
    private var probe: HostProbe?
    private var random: SeededGenerator
    private var nextSourcePort: UInt16
    private var identification: UInt16 = 1
    private var transmissions: [Transmission] = []
    private var output = ""

    public init(name: String, mac: MACAddress, dhcp: Bool, address: IPv4Prefix?, gateway: IPv4Address?,
                services: Set<HostService> = [], random: SeededGenerator, zone: LabDNSZone? = nil) {
        var random = random
        self.zone = zone
        digRandom = random.derived("dig")
        floodRandom = random.derived("flood")
        self.name = name
        self.services = services
        self.mac = mac
        self.address = address
        self.gateway = gateway
        pingIdentifier = UInt16(truncatingIfNeeded: random.next())
        let client = dhcp ? DHCPClient(mac: mac, xidSeed: UInt32(truncatingIfNeeded: random.next())) : nil
        // Linux's ephemeral range, 32768-60999.
        nextSourcePort = 32768 + UInt16(truncatingIfNeeded: random.next() % 28232)
        self.random = random
        if var client {
            let out = client.start(now: .zero)
            self.dhcp = client
            handle(out)
        }
    }

    public var prompt: String { "\(name)$" }
    public var isConsoleBusy: Bool { ping != nil || probe != nil || dig != nil }

    public func takeTransmissions() -> [Transmission] {
        defer { transmissions.removeAll() }
        return transmissions
    }

    public func takeConsoleOutput() -> String {
        defer { output = "" }
        return output
    }

    public var nextDeadline: Duration? {
        ([dhcp?.nextDeadline, ping?.nextDeadline, probe?.deadline, dig?.deadline, flood?.deadline] + resolving.values.map(\.retryAt)).compactMap { $0 }.min()
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
        floodTimers()
        if let probe, probe.deadline <= now { finishProbe(probe.timeoutLine) }
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

    /// A dynamic DNS update of this `dns` node's zone (by a lab `isp` node).
    func publish(_ name: DNSName, address: IPv4Address) {
        zone?.publish(name, address: address)
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
        case ("tcp", _), ("udp", _):
            switch HostProbe.parse(Array(words)) {
            case let .failure(usage): output += usage.message + "\n"
            case let .success((service, target)): startProbe(service, to: target)
            }
        case ("flood", _):
            guard let started = LabFlood.parse(Array(words), now: now) else { return output += LabFlood.usage + "\n" }
            guard flood == nil else { return output += "flood: one is running (\(flood?.sent ?? 0) packets sent)\n" }
            flood = started
            floodTimers()
        case ("show", 3) where words[1] == "ip" && words[2] == "address":
            output += showAddress()
        case ("show", 2) where words[1] == "queries" && zone != nil:
            output += zone?.show() ?? ""
        case ("dig", _):
            startDig(words)
        default:
            output += "\(first): command not found (this host knows ping, tcp, udp, flood, dig and show ip address)\n"
        }
    }

    private func startProbe(_ service: HostService, to target: IPv4Address) {
        guard let own = address?.address else { return output += "\(service.transport.rawValue): no address\n" }
        let sourcePort = nextSourcePort
        nextSourcePort = nextSourcePort == 60999 ? 32768 : nextSourcePort + 1
        let started = HostProbe(service: service, target: target, sourcePort: sourcePort,
                                sequence: UInt32(truncatingIfNeeded: random.next()), deadline: now + HostProbe.wait)
        probe = started
        switch service.transport {
        case .tcp:
            send(protocol: IPProtocol.tcp, to: target, payload: TCPHeader.segment(
                sourcePort: sourcePort, destinationPort: service.port, sequence: started.sequence, acknowledgment: 0,
                flags: TCPHeader.syn, window: 64240, payload: ByteBuffer(), source: own, destination: target))
        case .udp:
            let payload = ByteBuffer(string: "softrtx lab probe from \(name)")
            send(protocol: IPProtocol.udp, to: target, payload: UDPHeader.datagram(
                sourcePort: sourcePort, destinationPort: service.port, payload: payload, source: own, destination: target))
        }
    }

    /// Sends the flood's batches that are due once its next hop's MAC is known (asked for once; no
    /// answer ends the flood), and says when it is done.
    private func floodTimers() {
        guard var running = flood else { return }
        guard let own = address, let hop = own.contains(running.target) ? running.target : gateway, own.contains(hop) else {
            output += "flood: no route to \(running.target), \(running.sent) packets sent\n"
            flood = nil
            return
        }
        let mac = arpTable[hop]
        if mac == nil, resolving[hop] == nil {
            guard !running.askedARP else {
                output += "flood: no ARP reply from \(hop), \(running.sent) packets sent\n"
                flood = nil
                return
            }
            running.askedARP = true
            resolving[hop] = (now + .seconds(1), 1)
            sendARPRequest(for: hop)
        }
        let packets = running.due(now: now, ready: mac != nil, random: &floodRandom)
        for packet in packets {
            guard let mac else { break }
            let source = packet.source ?? own.address
            let segment: ByteBuffer
            switch running.transport {
            case .tcp:
                segment = TCPHeader.segment(sourcePort: packet.sourcePort, destinationPort: running.port, sequence: packet.sequence,
                                            acknowledgment: 0, flags: TCPHeader.syn, window: 64240, payload: ByteBuffer(),
                                            source: source, destination: running.target)
            case .udp:
                segment = UDPHeader.datagram(sourcePort: packet.sourcePort, destinationPort: running.port,
                                             payload: ByteBuffer(string: "softrtx lab flood"), source: source, destination: running.target)
            }
            sendFrame(IPv4Header.packet(source: source, destination: running.target,
                                        protocol: running.transport == .tcp ? IPProtocol.tcp : IPProtocol.udp, ttl: 64,
                                        identification: nextIdentification(), payload: segment), to: mac)
        }
        if running.isDone {
            output += "flood: \(running.sent) packets sent\n"
            flood = nil
        } else {
            flood = running
        }
    }

    private func finishProbe(_ line: String) {
        output += line + "\n"
        probe = nil
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
    /// True when the datagram was DNS for this node: a query to its zone (a malformed one is
    /// ignored, as a server does), or the answer its `dig` waits for. Anything else on port 53 is
    /// any other datagram's business (a `listen` port, or port unreachable).
    private func dnsInput(_ data: ByteBuffer, ip: IPv4Header, udp: UDPHeader) -> Bool {
        guard let own = address?.address else { return false }
        if udp.destinationPort == DNSMessage.port, var served = zone {
            guard let message = try? DNSMessage.parse(data) else { return true }
            let answer = served.answer(message, from: ip.source)
            zone = served
            guard let answer else { return true }
            send(protocol: IPProtocol.udp, to: ip.source, payload: UDPHeader.datagram(
                sourcePort: DNSMessage.port, destinationPort: udp.sourcePort, payload: answer.buffer(limit: message.udpPayloadLimit),
                source: own, destination: ip.source))
            return true
        }
        guard let session = dig, udp.sourcePort == DNSMessage.port, udp.destinationPort == session.port, ip.source == session.server,
              let message = try? DNSMessage.parse(data), message.isResponse, message.id == session.id,
              message.questions == [session.question] else { return false }
        output += session.show(message, elapsed: now - (session.deadline - LabDig.timeout))
        dig = nil
        return true
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
            if icmp.type == ICMPHeader.destinationUnreachable || icmp.type == ICMPHeader.timeExceeded {
                icmpErrorInput(icmp, quoting: data, from: ip.source)
            } else if icmp.type == ICMPHeader.echoRequest {
                let reply = ICMPHeader.message(type: ICMPHeader.echoReply, code: 0, restOfHeader: icmp.restOfHeader, data: data)
                send(protocol: IPProtocol.icmp, to: ip.source, payload: reply)
            } else if icmp.type == ICMPHeader.echoReply, var session = ping {
                if let line = session.reply(from: ip.source, identifier: icmp.identifier, sequence: icmp.sequence, ttl: ip.ttl, now: now) {
                    output += line + "\n"
                }
                ping = session
                pingTimers()
            }
        case IPProtocol.tcp where ip.destination == address?.address:
            guard let (tcp, _) = try? TCPHeader.parse(payload, source: ip.source, destination: ip.destination) else { return }
            tcpInput(tcp, from: ip.source)
        case IPProtocol.udp:
            guard let (udp, data) = try? UDPHeader.parse(payload, source: ip.source, destination: ip.destination) else { return }
            if udp.destinationPort == 68 {
                guard var client = dhcp, let message = try? DHCPMessage.parse(data) else { return }
                let out = client.handle(message, now: now)
                dhcp = client
                handle(out)
            } else if ip.destination == address?.address {
                if (udp.destinationPort == DNSMessage.port || udp.sourcePort == DNSMessage.port), dnsInput(data, ip: ip, udp: udp) { return }
                udpInput(udp, data: data, packet: packet, from: ip.source)
            }
        default:
            break
        }
    }

    /// A SYN to a listening port gets a SYN-ACK, to any other port a RST; an answer to our probe ends
    /// it (after a SYN-ACK the probe resets the half-open connection, as a port scanner does).
    private func tcpInput(_ tcp: TCPHeader, from source: IPv4Address) {
        guard let own = address?.address else { return }
        if let probe, let line = probe.answer(tcp: tcp, from: source) {
            if tcp.isSYN {
                send(protocol: IPProtocol.tcp, to: source, payload: TCPHeader.segment(
                    sourcePort: tcp.destinationPort, destinationPort: tcp.sourcePort, sequence: tcp.acknowledgment, acknowledgment: 0,
                    flags: TCPHeader.rst, window: 0, payload: ByteBuffer(), source: own, destination: source))
            }
            return finishProbe(line)
        }
        guard tcp.isSYN, !tcp.isACK, !tcp.isRST else { return }
        let listening = services.contains(HostService(.tcp, tcp.destinationPort))
        send(protocol: IPProtocol.tcp, to: source, payload: TCPHeader.segment(
            sourcePort: tcp.destinationPort, destinationPort: tcp.sourcePort,
            sequence: listening ? UInt32(truncatingIfNeeded: random.next()) : 0, acknowledgment: tcp.sequence &+ 1,
            flags: listening ? TCPHeader.syn | TCPHeader.ack : TCPHeader.rst | TCPHeader.ack, window: listening ? 64240 : 0,
            payload: ByteBuffer(), source: own, destination: source))
    }

    /// A datagram to a listening port is echoed back; to any other port it gets ICMP port unreachable.
    private func udpInput(_ udp: UDPHeader, data: ByteBuffer, packet: ByteBuffer, from source: IPv4Address) {
        guard let own = address?.address else { return }
        if let probe, let line = probe.answer(udpFrom: source, udp, bytes: data.readableBytes) { return finishProbe(line) }
        if services.contains(HostService(.udp, udp.destinationPort)) {
            return send(protocol: IPProtocol.udp, to: source, payload: UDPHeader.datagram(
                sourcePort: udp.destinationPort, destinationPort: udp.sourcePort, payload: data, source: own, destination: source))
        }
        let unreachable = ICMPHeader.message(type: ICMPHeader.destinationUnreachable, code: 3, restOfHeader: 0,
                                             data: ICMPHeader.errorData(quoting: packet))
        send(protocol: IPProtocol.icmp, to: source, payload: unreachable)
    }

    /// An ICMP error quotes the IP header and first 8 bytes of what it is about; the quote is
    /// shorter than its total length, so it is read field by field, not parsed as a packet.
    private func icmpErrorInput(_ icmp: ICMPHeader, quoting data: ByteBuffer, from source: IPv4Address) {
        guard let probe, let first = data.getInteger(at: data.readerIndex, as: UInt8.self), first >> 4 == 4 else { return }
        let headerLength = Int(first & 0x0F) * 4
        guard let proto = data.getInteger(at: data.readerIndex + 9, as: UInt8.self),
              let destination = data.getInteger(at: data.readerIndex + 16, as: UInt32.self),
              let sourcePort = data.getInteger(at: data.readerIndex + headerLength, as: UInt16.self),
              let destinationPort = data.getInteger(at: data.readerIndex + headerLength + 2, as: UInt16.self),
              let line = probe.answer(icmp: icmp, quoting: proto, to: IPv4Address(destination),
                                      ports: (sourcePort, destinationPort), from: source) else { return }
        finishProbe(line)
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
