import Config
import NIOCore
import PPP
import Wire

/// `pp N` over PPPoE: the sans-IO `PPPoEClient` of each pp bound to a LAN port, the `ppN` IP
/// interface its IPCP address makes, and the data path between the two (no ARP, the PPPoE session
/// header instead of an Ethernet one, the link's MTU).
extension Router {
    /// `PP[01]`, as RTX names a pp in logs and `show` output.
    static func ppLabel(_ number: Int) -> String { "PP[\(twoDigits(number))]" }

    /// `PPPOE[01]`: an RTX logs a pp's PPPoE session events under this name.
    static func pppoeLabel(_ number: Int) -> String { "PPPOE[\(twoDigits(number))]" }

    private static func twoDigits(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }

    /// Builds, updates or removes the binding of every `pp N` with `pppoe use lanN`. A running
    /// session keeps going: new settings take effect at its next connect, as on an RTX.
    func applyPP(_ config: Config) {
        var configured = Set<Int>()
        for (number, pp) in config.pps.sorted(by: { $0.key < $1.key }) {
            guard let port = pp.pppoeInterface?.description, model.ports.contains(port), let mac = portMACs[port] else { continue }
            let enabled = config.ppEnabled.contains(number)
            let settings = PPPoEClientSettings(pp, interface: config.effectiveInterface(.pp(number)))
            if let binding = ppBindings[number], binding.port == port, enabled {
                binding.client.settings = settings
                binding.adopt(pp)
                configured.insert(number)
                continue
            }
            if let old = ppBindings.removeValue(forKey: number) { retire(old) }
            guard enabled else { continue }
            configured.insert(number)
            let binding = PPBinding(number: number, port: port, mac: mac,
                                    client: PPPoEClient(settings: settings, mac: mac, random: random.derived("pp\(number)")))
            binding.adopt(pp)
            ppBindings[number] = binding
            if binding.autoConnect { dial(binding) }
        }
        for number in ppBindings.keys.sorted() where !configured.contains(number) {
            if let old = ppBindings.removeValue(forKey: number) { retire(old) }
        }
        // One session per port: RTX's several PPPoE sessions on one LAN port are not built, so a second
        // pp on a port already taken gets no frames (the lowest pp number keeps it) rather than a crash.
        ppOfPort = Dictionary(ppBindings.values.sorted { $0.number < $1.number }.map { ($0.port, $0) }) { first, _ in first }
    }

    /// The `ppN` interface of every bound pp: addressed while IPCP is open (or by `ip pp address`),
    /// and present while down, so that routes to it stay and a packet for it can dial.
    func ppInterfaces(_ config: Config) -> [String: IPInterface] {
        var result: [String: IPInterface] = [:]
        for binding in ppBindings.values {
            let c = config.effectiveInterface(.pp(binding.number))
            let name = binding.interfaceName
            let mtu = min(c.effectiveMTU, binding.link?.mtu ?? c.effectiveMTU)
            var address = c.address
            if let link = binding.link { address = IPv4Prefix(address: link.address, length: 32) }
            var iface = IPInterface(name: name, mac: binding.mac, address: address,
                                    natDescriptor: c.natDescriptor, tcpMSSLimit: c.effectiveTCPMSSLimit.mss(mtu: mtu), members: [])
            iface.pp = binding.number
            iface.mtu = mtu
            result[name] = iface
        }
        return result
    }

    /// The IP MTU of the pp whose session runs over `port`, if one does.
    func ppMTU(ofPort port: String) -> Int? {
        guard let binding = ppOfPort[port], binding.link != nil else { return nil }
        return interfaces[binding.interfaceName]?.mtu
    }

    /// The DNS servers IPCP gave pp N (`dns server pp N`).
    func ppDNSServers(_ number: Int) -> [IPv4Address] { ppBindings[number]?.link?.dns ?? [] }

    // MARK: Data path

    /// A PPPoE frame (discovery or session) on a port some pp uses. IPv4 of the open session goes
    /// straight to the IP layer; everything else is the client's.
    func pppoeInput(_ payload: ByteBuffer, etherType: UInt16, source: MACAddress, destination: MACAddress, port: String) {
        guard let binding = ppOfPort[port] else { return count(.pppoeNotBound) }
        guard destination == binding.mac || destination == .broadcast else { return count(.ethernetNotForUs) }
        if etherType == EtherType.pppoeSession, let link = binding.link, source == link.accessConcentrator {
            let session: (sessionID: UInt16, protocol: UInt16, body: ByteBuffer)
            do { session = try PPPoESessionHeader.parse(payload) } catch { return count(error) }
            if session.sessionID == link.sessionID, session.protocol == PPPProtocol.ipv4 {
                binding.received.add(session.body.readableBytes)
                binding.lastData = now
                guard let iface = interfaces[binding.interfaceName] else { return count(.noInterface) }
                return ipv4Input(session.body, interface: iface, linkBroadcast: false)
            }
        }
        binding.client.receive(payload, etherType: etherType, source: source, now: now)
        processPP(binding)
    }

    /// An IP packet routed out of `ppN`: finished, cut to the link's MTU and sent in the session.
    func ppOutput(_ packet: ByteBuffer, offload: FrameOffload, on iface: IPInterface, number: Int) {
        guard let binding = ppBindings[number] else { return count(.noInterface) }
        guard let link = binding.link else {
            // Dial on demand, as an RTX does for a pp without always-on; this packet is lost.
            if binding.autoConnect, !binding.held, binding.client.phase == .idle { dial(binding) }
            return count(.ppDown)
        }
        let port = binding.port
        binding.lastData = now
        if offload.isResolved, packet.readableBytes <= iface.mtu {
            // The usual packet: no fragments, so no array of them.
            var frame = packet
            binding.transmitted.add(frame.readableBytes)
            link.encapsulate(ipv4: &frame, ourMAC: iface.mac)
            return transmit(frame, on: port)
        }
        finish(packet, offload) { whole in
            guard let pieces = IPv4Fragmenter.fragments(of: whole, mtu: iface.mtu) else { return count(.fragmentNeeded) }
            if pieces.count > 1 {
                counters.packetsFragmented += 1
                counters.fragmentsSent += pieces.count
            }
            for var piece in pieces {
                binding.transmitted.add(piece.readableBytes)
                link.encapsulate(ipv4: &piece, ourMAC: iface.mac)
                transmit(piece, on: port)
            }
        }
    }

    // MARK: Control

    func ppTimers() {
        for binding in ppBindings.values {
            guard let due = binding.deadline, due <= now else { continue }
            if binding.link != nil, let idle = binding.idleLimit, binding.lastData + idle <= now {
                // Idle: hung up, not held, so the next packet for the pp dials again.
                binding.client.disconnect(now: now)
            }
            binding.client.advance(to: now)
            processPP(binding)
        }
    }

    var ppDeadline: Duration? { ppBindings.values.compactMap(\.deadline).min() }

    /// A port came up: the pp on it sends its PADI again if discovery has had no answer yet.
    func ppLinkUp(port: String) {
        guard let binding = ppOfPort[port] else { return }
        binding.client.linkUp(now: now)
        processPP(binding)
    }

    func dial(_ binding: PPBinding) {
        binding.client.connect(now: now)
        processPP(binding)
    }

    /// A pp disabled or unbound: its binding goes now, so no one will wait for a Terminate-Ack; the
    /// session ends with a PADT at once and the AC frees it.
    private func retire(_ binding: PPBinding) {
        binding.held = true
        binding.client.shutdown(now: now)
        processPP(binding)
    }

    private func hangUp(_ binding: PPBinding) {
        binding.held = true
        binding.client.disconnect(now: now)
        processPP(binding)
    }

    /// Carries out what a pp's client asked for: frames to its port, logs, and the link going up or down.
    func processPP(_ binding: PPBinding) {
        let label = Router.ppLabel(binding.number)
        for output in binding.client.takeOutput() {
            switch output {
            case .frame(let frame): transmit(frame, on: binding.port)
            case .log(let text): log.append("\(label) \(text)", at: now)
            case .pppoeLog(let text): log.append("\(Router.pppoeLabel(binding.number)) \(text)", at: now)
            case .drop(let reason): count(reason)
            case .up(let link):
                binding.link = link
                binding.upSince = now
                binding.lastData = now
                binding.received = .init()
                binding.transmitted = .init()
                apply(running)
            case .down:
                binding.link = nil
                binding.upSince = nil
                // A retired binding's apply is already under way.
                if ppBindings[binding.number] === binding { apply(running) }
            }
        }
        binding.clientDeadline = binding.client.nextDeadline
    }

    /// Before the process exits: every pp's PPPoE session ends with a PADT.
    func ppShutdown() {
        for number in ppBindings.keys.sorted() {
            guard let binding = ppBindings[number] else { continue }
            binding.held = true
            binding.client.shutdown(now: now)
            processPP(binding)
        }
    }

    /// `connect pp N` and `disconnect pp N`.
    func ppCommand(_ words: [Substring]) {
        guard words.count == 3, words[1] == "pp", let number = Int(words[2]) else { return say("Error: Invalid parameter") }
        guard let binding = ppBindings[number] else { return say("Error: PP[\(number)] is not bound to PPPoE") }
        if words[0] == "connect" {
            binding.held = false
            if binding.client.phase == .idle { dial(binding) }
        } else {
            hangUp(binding)
        }
    }
}
