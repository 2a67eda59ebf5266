import NIOCore
import PPP
import Wire

/// An ISP on the lab network: a PPPoE access concentrator on port `access` (subscribers' routers,
/// directly or through a switch, as on FLET'S) that routes IPv4 between its sessions and a routed
/// Ethernet port `upstream` (the rest of the lab's internet). Its console shows and drops sessions
/// and chooses the next address handed out, so a lab can make a router reconnect with a new address.
public final class LabISP: LabNode {
    public let name: String
    public let portNames = ["access", "upstream"]
    public let mac: MACAddress
    public let spec: LabISPSpec
    var server: PPPoEServer
    var neighbors = LabNeighbors()
    /// Publishes a user's new address under its dynamic DNS name (set by the lab when a `dns` node holds the zone).
    var publish: ((DNSName, IPv4Address) -> Void)?
    private(set) var now: Duration = .zero
    private var transmissions: [Transmission] = []
    private var output = ""
    /// Log lines for `show log`, the newest `logLimit`.
    private(set) var log: [String] = []
    static let logLimit = 500
    var drops: [DropReason: Int] = [:]
    /// Packets routed, including the ISP's own ICMP.
    var forwarded = 0
    private var identification: UInt16 = 1

    public init(name: String, spec: LabISPSpec, mac: MACAddress, random: SeededGenerator) {
        self.name = name
        self.spec = spec
        self.mac = mac
        var settings = PPPoEServerSettings(acName: spec.acName, localAddress: spec.address, pool: spec.pool)
        settings.serviceName = spec.serviceName
        settings.users = spec.users
        settings.auth = spec.auth
        settings.dns = spec.dns
        settings.mru = spec.mru
        settings.echoInterval = spec.keepalive
        settings.maxSessions = spec.maxSessions
        server = PPPoEServer(settings: settings, mac: mac, random: random)
    }

    public var prompt: String { "\(name)$" }
    public var isConsoleBusy: Bool { false }
    public var nextDeadline: Duration? { [server.nextDeadline, neighbors.nextDeadline].compactMap { $0 }.min() }

    public func takeTransmissions() -> [Transmission] {
        defer { transmissions.removeAll() }
        return transmissions
    }

    public func takeConsoleOutput() -> String {
        defer { output = "" }
        return output
    }

    public func advance(to now: Duration) {
        if now > self.now { self.now = now }
        server.advance(to: now)
        drain()
        let (ask, givenUp) = neighbors.due(now: now)
        if givenUp > 0 { drops[.ispNoARPReply, default: 0] += givenUp }
        for hop in ask { sendARPRequest(for: hop) }
    }

    /// A dead access link leaves the sessions to the keepalive, as a concentrator behind a switch
    /// does not see a subscriber's cable; a dead upstream forgets its neighbours.
    public func linkChanged(port: String, up: Bool, now: Duration) {
        advance(to: now)
        if port == "upstream", !up { neighbors.forgetAll() }
    }

    public func receive(_ frame: ByteBuffer, on port: String, now: Duration) {
        advance(to: now)
        guard let (eth, payload) = try? EthernetHeader.parse(frame), eth.destination == mac || eth.destination.isGroup else { return }
        if port == "access" {
            guard eth.etherType == EtherType.pppoeDiscovery || eth.etherType == EtherType.pppoeSession else { return }
            server.receive(payload, etherType: eth.etherType, source: eth.source, now: now)
            drain()
            return
        }
        guard let upstream = spec.upstream else { return }
        switch eth.etherType {
        case EtherType.arp:
            guard let arp = try? ARPPacket.parse(payload) else { return count(.arpTruncated) }
            if arp.targetIP == upstream.address.address || neighbors.mac(of: arp.senderIP) != nil, upstream.address.contains(arp.senderIP) {
                for packet in neighbors.learn(arp.senderIP, is: arp.senderMAC, now: now) { sendUpstream(packet, to: arp.senderMAC) }
            }
            if arp.operation == .request && arp.targetIP == upstream.address.address {
                let reply = ARPPacket(operation: .reply, senderMAC: mac, senderIP: upstream.address.address, targetMAC: arp.senderMAC,
                                      targetIP: arp.senderIP)
                transmit(EthernetHeader.frame(destination: arp.senderMAC, source: mac, etherType: EtherType.arp, payload: reply.buffer),
                         on: "upstream")
            }
        case EtherType.ipv4 where eth.destination == mac:
            forward(payload, from: .upstream)
        default:
            break
        }
    }

    /// Acts on what the access concentrator decided.
    private func drain() {
        for out in server.takeOutput() {
            switch out {
            case let .frame(frame): transmit(frame, on: "access")
            case let .log(line): record(line)
            case let .sessionUp(session):
                if let dnsName = spec.dynamicDNS?.names[session.username] {
                    publish?(dnsName, session.address)
                    record("dynamic DNS: \(dnsName) A \(session.address)")
                }
            case .sessionDown: break
            case let .drop(reason): count(reason)
            case let .ipv4(packet, session): forward(packet, from: .session(session.address))
            }
        }
    }

    private func record(_ line: String) {
        let stamped = "[\(LabDuration.format(now))] \(line)"
        log.append(stamped)
        if log.count > LabISP.logLimit { log.removeFirst(log.count - LabISP.logLimit) }
    }

    func count(_ reason: DropReason) { drops[reason, default: 0] += 1 }

    func transmit(_ frame: ByteBuffer, on port: String) { transmissions.append(Transmission(port: port, frame: frame)) }

    func sendUpstream(_ packet: ByteBuffer, to destination: MACAddress) {
        transmit(EthernetHeader.frame(destination: destination, source: mac, etherType: EtherType.ipv4, payload: packet), on: "upstream")
    }

    func sendARPRequest(for target: IPv4Address) {
        guard let own = spec.upstream?.address.address else { return }
        let request = ARPPacket(operation: .request, senderMAC: mac, senderIP: own, targetMAC: .zero, targetIP: target)
        transmit(EthernetHeader.frame(destination: .broadcast, source: mac, etherType: EtherType.arp, payload: request.buffer), on: "upstream")
    }

    func nextIdentification() -> UInt16 {
        defer { identification &+= 1 }
        return identification
    }

    // MARK: Console

    public func enter(_ line: String, now: Duration) {
        advance(to: now)
        let words = line.split(separator: " ").map(String.init)
        switch words {
        case ["show", "pppoe", "session"]:
            output += showSessions()
        case ["show", "status"]:
            output += showStatus()
        case ["show", "log"]:
            output += log.map { $0 + "\n" }.joined()
        case _ where words.starts(with: ["clear", "pppoe", "session"]) && (words.count == 4 || words.count == 5 && words[4] == "silent"):
            clear(words[3], silent: words.count == 5)
        case _ where words.count == 3 && words.starts(with: ["pool", "next"]):
            guard let address = IPv4Address(words[2]), spec.pool.contains(address) else {
                return output += "pool next: expected an address in \(spec.pool.lowerBound)-\(spec.pool.upperBound)\n"
            }
            server.nextPoolAddress = address
            output += "next address: \(address)\n"
        default:
            output += "\(words.first ?? ""): command not found (this ISP knows show pppoe session, show status, show log, "
                + "clear pppoe session ID|USER|all [silent], pool next ADDRESS)\n"
        }
        drain()
    }

    /// Ends sessions by id, username or all: with LCP Terminate-Request and PADT, or `silent`ly
    /// (the concentrator forgets them, as after its restart; the subscriber finds out by keepalive).
    private func clear(_ which: String, silent: Bool) {
        let chosen = server.sessions.filter { which == "all" || UInt16(which) == $0.id || $0.username == which }
        guard !chosen.isEmpty else { return output += "clear pppoe session: no session \(which)\n" }
        for session in chosen {
            if silent { server.forget(sessionID: session.id) } else { server.terminate(sessionID: session.id, now: now) }
            output += "session \(session.id) (\(session.username), \(session.address)) \(silent ? "forgotten" : "terminated")\n"
        }
    }

    private func showSessions() -> String {
        var text = "ID     MAC                USER                 ADDRESS          UP\n"
        for s in server.sessions {
            let user = s.username.padding(toLength: max(20, s.username.count), withPad: " ", startingAt: 0)
            let address = "\(s.address)".padding(toLength: 16, withPad: " ", startingAt: 0)
            text += "\(String(s.id).padding(toLength: 6, withPad: " ", startingAt: 0)) \(s.mac)  \(user) \(address) "
                + "\((now - s.since).components.seconds) s\n"
        }
        return text + "sessions: \(server.sessions.count), next address: \(server.nextPoolAddress)\n"
    }

    private func showStatus() -> String {
        var text = "AC-Name: \(spec.acName)\(spec.serviceName.map { ", Service-Name: \($0)" } ?? ""), auth: \(spec.auth == .pap ? "pap" : "chap")\n"
        text += "sessions: \(server.sessions.count) of \(spec.maxSessions)\n"
        text += "forwarded: \(forwarded) packets\n"
        for (reason, n) in drops.sorted(by: { $0.key.name < $1.key.name }) { text += "dropped: \(reason.name): \(n)\n" }
        return text
    }
}
