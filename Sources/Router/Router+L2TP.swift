import Config
import L2TP
import NIOCore
import Wire

/// A tunnel interface and the L2TPv3 engine behind it. With `tunnel encapsulation l2tpv3` the
/// tunnel's packets may travel only inside IPsec: until an SA exists, none leave or enter.
/// A class so the per-frame path reaches the engine without copying it.
final class TunnelBinding {
    /// `tunnelN`, the bridge member name, made once rather than per frame.
    let member: String
    var engine: L2TPTunnel
    var requiresIPsec: Bool
    /// `ipsec tunnel N`: the SA policy whose ESP SAs carry this tunnel.
    var ipsecPolicy: Int?
    /// The outer headers the full path last gave this tunnel's data packets.
    var template: EncapsulationTemplate?
    /// `ip tunnel tcp mss limit`: SYNs bridged through the tunnel, either way, announce no more.
    var tcpMSSLimit: TCPMSSLimit = .off
    /// The MTU of the interface towards the peer (a PPPoE pp's is below Ethernet's), as of the last apply.
    var wanMTU = IPv4Fragmenter.ethernetMTU
    /// The engine's next timer as of its last input; reading the engine's own would copy it.
    var deadline: Duration?

    init(engine: L2TPTunnel, requiresIPsec: Bool) {
        member = "tunnel\(engine.number)"
        self.engine = engine
        self.requiresIPsec = requiresIPsec
    }
}

extension DropReason {
    public static let l2tpNoTunnel = DropReason("l2tp-no-tunnel")
    public static let l2tpNoSession = DropReason("l2tp-no-session")
    public static let l2tpNoIPsecSA = DropReason("l2tp-no-ipsec-sa")
    public static let l2tpNotProtected = DropReason("l2tp-unprotected")
}

extension Router {
    /// Builds or updates the engine of every `tunnel select N` with L2TPv3 encapsulation.
    func applyTunnels(_ config: Config) {
        let service = config.effectiveL2TPService.serves(.l2tpv3)
        var configured = Set<Int>()
        for (number, t) in config.tunnels.sorted(by: { $0.key < $1.key }) {
            guard let encapsulation = t.encapsulation, encapsulation == .l2tpv3 || encapsulation == .l2tpv3Raw,
                  let endpoint = tunnelEndpoint(t), let local = endpoint.local ?? sourceAddress(toward: endpoint.remote) else { continue }
            configured.insert(number)
            let settings = tunnelSettings(t, local: local, remote: endpoint.remote)
            let requiresIPsec = encapsulation == .l2tpv3
            var out = L2TPOutput()
            let binding: TunnelBinding
            if let existing = tunnels[number] {
                binding = existing
                if existing.requiresIPsec != requiresIPsec && existing.engine.enabled {
                    // Protection changed: the old connection must not carry on in the other mode. Its StopCCN
                    // already obeys the new setting, so a switch to l2tpv3 sends nothing in the clear.
                    binding.requiresIPsec = requiresIPsec
                    binding.ipsecPolicy = t.ipsecPolicy
                    process(binding.engine.disable(now: now), tunnel: number)
                }
                binding.requiresIPsec = requiresIPsec
                binding.ipsecPolicy = t.ipsecPolicy
                out.append(binding.engine.update(settings, now: now))
            } else {
                binding = TunnelBinding(engine: L2TPTunnel(number: number, settings: settings, seed: random.next()), requiresIPsec: requiresIPsec)
            }
            let run = t.enabled && service
            if run && !binding.engine.enabled { out.append(binding.engine.enable(now: now)) }
            if !run && binding.engine.enabled { out.append(binding.engine.disable(now: now)) }
            binding.ipsecPolicy = t.ipsecPolicy
            binding.tcpMSSLimit = config.effectiveInterface(.tunnel(number)).effectiveTCPMSSLimit
            binding.wanMTU = routes.lookup(endpoint.remote).flatMap { interfaces[$0.interface]?.mtu } ?? IPv4Fragmenter.ethernetMTU
            tunnels[number] = binding
            process(out, tunnel: number)
        }
        for number in tunnels.keys.sorted() where !configured.contains(number) {
            guard let binding = tunnels[number] else { continue }
            let out = binding.engine.disable(now: now)
            process(out, tunnel: number)
            tunnels[number] = nil
        }
        l2tpv3Listening = service
        tunnelLocalAddresses = Set(tunnels.values.map(\.engine.settings.localAddress))
    }

    /// `tunnel endpoint address`, else `tunnel endpoint name` with the remote name's address: until
    /// DNS gives one the tunnel waits (it is not started, and a running one stops).
    private func tunnelEndpoint(_ t: TunnelConfig) -> TunnelEndpoint? {
        if let endpoint = t.endpoint { return endpoint }
        guard let name = t.endpointName, let remote = resolvedAddress(of: name.remote) else { return nil }
        return TunnelEndpoint(local: nil, remote: remote)
    }

    private func tunnelSettings(_ t: TunnelConfig, local: IPv4Address, remote: IPv4Address) -> L2TPTunnelSettings {
        var s = L2TPTunnelSettings(localAddress: local, remoteAddress: remote, hostName: t.effectiveL2TPHostname(model: model.name))
        s.localRouterID = t.effectiveL2TPLocalRouterID
        s.remoteRouterID = t.effectiveL2TPRemoteRouterID
        s.remoteEndID = t.l2tpRemoteEndID
        s.secret = t.effectiveL2TPAuthSecret(model: model.name).map { Array($0.utf8) }
        s.keepaliveEnabled = t.effectiveL2TPKeepaliveEnabled
        s.keepaliveInterval = .seconds(t.effectiveL2TPKeepaliveInterval)
        s.keepaliveCount = t.effectiveL2TPKeepaliveCount
        s.alwaysOn = t.effectiveL2TPAlwaysOn
        s.disconnectTime = t.effectiveL2TPDisconnectTime.map { .seconds($0) }
        s.syslog = t.effectiveL2TPSyslog
        s.keepaliveLog = t.effectiveL2TPKeepaliveLog
        return s
    }

    /// The address of the interface a destination is routed through.
    func sourceAddress(toward destination: IPv4Address) -> IPv4Address? {
        routes.lookup(destination).flatMap { interfaces[$0.interface]?.address?.address }
    }

    /// Sends what an engine produced and records what it reported.
    func process(_ out: L2TPOutput, tunnel number: Int) {
        guard let binding = tunnels[number] else { return }
        binding.deadline = binding.engine.nextDeadline
        for packet in out.packets { sendL2TP(packet.payload, port: packet.port, binding: binding) }
        for event in out.events {
            switch event {
            case let .log(text): log.append(text, at: now)
            case let .refused(reason): count(DropReason(reason))
            case .sessionUp: log.append("IP Tunnel[\(number)] Up", at: now)
            case .sessionDown:
                log.append("IP Tunnel[\(number)] Down", at: now)
                fdb.forget(member: binding.member)
            }
        }
    }

    func sendL2TP(_ payload: ByteBuffer, port: UInt16, binding: TunnelBinding) {
        if binding.requiresIPsec { return sendProtectedL2TP(payload, port: port, binding: binding) }   // never in the clear
        let s = binding.engine.settings
        var udp = payload
        UDPHeader.prepend(sourcePort: L2TPTunnel.port, destinationPort: port, source: s.localAddress, destination: s.remoteAddress, to: &udp)
        sendLocal(protocol: IPProtocol.udp, to: s.remoteAddress, payload: udp, source: s.localAddress)
    }

    /// A frame the bridge sends through `tunnelN`. A super-frame is cut here, before encapsulation, into
    /// segments sized so that each encapsulated packet fits the WAN's MTU: TCP crosses without fragments.
    func tunnelOutput(_ frame: ByteBuffer, offload: FrameOffload = .none, tunnel number: Int) {
        guard let binding = tunnels[number] else { return count(.tunnelDown) }
        guard let session = binding.engine.dataSessionID else {
            process(binding.engine.demand(now: now), tunnel: number)
            return count(.tunnelDown)
        }
        let limit = innerFrameLimit(binding)
        var frame = frame
        if binding.tcpMSSLimit != .off { clampMSS(&frame, offload: offload, binding: binding, innerFrameLimit: limit) }
        var offload = offload
        if offload.segmentation == nil, frame.readableBytes > limit,
           let resegmentation = FrameOffload.tcpResegmentation(of: frame) {
            // A full-size TCP segment (a sender without TSO, or a lone one) is cut in two rather than fragmented.
            offload.segmentation = resegmentation.segmentation
            counters.tcpSegmentsRecut += 1
        }
        guard offload.isResolved else {
            return resolve(frame, offload, maximumFrame: limit) { encapsulate($0, session: session, binding: binding) }
        }
        encapsulate(frame, session: session, binding: binding)
    }

    private func encapsulate(_ frame: ByteBuffer, session: UInt32, binding: TunnelBinding) {
        var payload = frame
        L2TPDataHeader.prepend(sessionID: session, to: &payload)
        binding.engine.countTransmitted(octets: frame.readableBytes, now: now)
        if let t = binding.template, t.isValid(now: now, arpGeneration: arp.generation, configGeneration: configGeneration),
           !binding.requiresIPsec, payload.readableBytes + EncapsulationTemplate.overhead <= t.mtu {
            t.encapsulate(&payload, identification: takeIdentification())
            return transmit(payload, on: t.port)
        }
        let before = transmissions.count
        sendL2TP(payload, port: binding.engine.remotePort, binding: binding)
        // What the full path sent (one unfragmented packet) becomes the template for the next frames.
        if transmissions.count == before + 1, let last = transmissions.last {
            binding.template = EncapsulationTemplate(frame: last.frame, port: last.port, payloadLength: payload.readableBytes,
                                                     mtu: ppMTU(ofPort: last.port) ?? IPv4Fragmenter.ethernetMTU,
                                                     now: now, arpGeneration: arp.generation, configGeneration: configGeneration)
        }
    }

    /// `ip tunnel tcp mss limit` on a frame bridged into or out of the tunnel; `auto` is what fits the
    /// encapsulation (the inner frame's IPv4 packet at its largest).
    private func clampMSS(_ frame: inout ByteBuffer, offload: FrameOffload, binding: TunnelBinding, innerFrameLimit: Int) {
        guard let limit = binding.tcpMSSLimit.mss(mtu: innerFrameLimit - EthernetHeader.length) else { return }
        if TCPMSSClamp.clamp(&frame, to: limit, checksumPartial: offload.checksum != nil) { counters.mssClamped += 1 }
    }

    /// The largest inner Ethernet frame whose L2TPv3 packet (inside ESP for `l2tpv3`) fits the WAN's MTU.
    func innerFrameLimit(_ binding: TunnelBinding) -> Int {
        let mtu = binding.wanMTU
        let l2tp = UDPHeader.length + L2TPDataHeader.length
        guard binding.requiresIPsec, let policy = binding.ipsecPolicy, let sa = sad.outbound(policyID: policy) else {
            return mtu - IPv4Header.minimumLength - l2tp
        }
        // Transport mode seals the UDP datagram; tunnel mode the whole inner packet.
        let sealedHeaders = l2tp + (sa.mode == .transport ? 0 : IPv4Header.minimumLength)
        var inner = mtu - IPv4Header.minimumLength - sealedHeaders
        // Padding to the cipher's block makes the overhead step: walk down until the sealed packet fits.
        while inner > 0, IPv4Header.minimumLength + sealedHeaders + inner + sa.overhead(payloadLength: sealedHeaders + inner) > mtu {
            inner -= 1
        }
        return inner
    }

    /// UDP 1701 addressed to the router. Returns false when no L2TP service listens.
    /// `protected`: it came out of an ESP SA; a tunnel with `l2tpv3` encapsulation takes nothing else.
    func l2tpInput(_ data: ByteBuffer, source: IPv4Address, sourcePort: UInt16, destination: IPv4Address, protected: Bool = false) -> Bool {
        guard l2tpv3Listening, !tunnels.isEmpty else { return false }
        let packet: L2TPPacket
        do { packet = try L2TPPacket.parse(data) } catch {
            count(error)
            return true
        }
        switch packet {
        case let .control(message):
            let match = tunnels.first { _, b in
                let s = b.engine.settings
                return message.connectionID == 0
                    ? s.remoteAddress == source && s.localAddress == destination
                    : b.engine.localTunnelID == message.connectionID && s.remoteAddress == source
            }
            guard let (number, found) = match else {
                count(.l2tpNoTunnel)
                return true
            }
            guard !found.requiresIPsec || protected else {
                count(.l2tpNotProtected)
                return true
            }
            process(found.engine.receive(message, fromPort: sourcePort, now: now), tunnel: number)
        case let .data(sessionID, frame):
            // Matched in place: copying an engine per frame would cost more than the lookup.
            let match = tunnels.first { _, b in
                b.engine.dataSessionID != nil && b.engine.localSessionID == sessionID && b.engine.settings.remoteAddress == source
            }?.key
            guard let number = match else {
                count(.l2tpNoSession)
                return true
            }
            guard tunnels[number]?.requiresIPsec == false || protected else {
                count(.l2tpNotProtected)
                return true
            }
            guard let binding = tunnels[number] else { return true }
            binding.engine.countReceived(octets: frame.readableBytes, now: now)
            var frame = frame
            if binding.tcpMSSLimit != .off {
                clampMSS(&frame, offload: .none, binding: binding, innerFrameLimit: innerFrameLimit(binding))
            }
            ethernetInput(frame, port: binding.member)
        }
        return true
    }

    func tunnelTimers() {
        // Deadlines are read in place; only a due tunnel is taken out and ticked.
        var due: [Int] = []
        for (number, binding) in tunnels where binding.deadline.map({ $0 <= now }) ?? false {
            due.append(number)
        }
        for number in due.sorted() {
            guard let binding = tunnels[number] else { continue }
            process(binding.engine.tick(now: now), tunnel: number)
        }
    }

    var tunnelDeadline: Duration? {
        var next: Duration?
        for binding in tunnels.values {
            if let d = binding.deadline, next.map({ d < $0 }) ?? true { next = d }
        }
        return next
    }

    /// Before the process exits: close every control connection with StopCCN.
    public func shutdown(now: Duration) {
        advance(to: now)
        for number in tunnels.keys.sorted() {
            guard let binding = tunnels[number] else { continue }
            process(binding.engine.disable(now: now), tunnel: number)
        }
        ppShutdown()   // and a PADT for every PPPoE session
    }
}
