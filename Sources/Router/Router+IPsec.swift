import Config
import IKE
import L2TP
import IPsec
import NIOCore
import Wire

/// The router's IPsec: the IKE engine's datagrams on UDP 500/4500, its SAs in the SAD, ESP in and out for
/// the L2TPv3 of tunnels with `tunnel encapsulation l2tpv3`.
extension Router {
    func applyIPsec(_ config: Config, typed: Bool) {
        ike.configure(ikePolicies(config), now: now, settle: typed ? IKEEngine.configurationSettle : .zero)
        processIKE()
    }

    /// Carries out what the engine asked for.
    func processIKE() {
        for output in ike.takeOutputs() {
            switch output {
            case .send(let datagram): sendIKE(datagram)
            case .log(let line): log.append(line, at: now)
            case .installed(let child): install(child)
            case .removed(let child): uninstall(child)
            case .keyLog(let line): keyLog.append(line)
            case .dropped(let reason): count(reason)
            }
        }
        ikeDeadline = ike.nextDeadline
    }

    func ikeTimers() {
        guard let due = ikeDeadline, due <= now else { return }
        ike.advance(now: now)
        processIKE()
    }

    private func sendIKE(_ datagram: IKEDatagram) {
        var udp = ByteBuffer.outgoing(capacity: datagram.message.count)
        udp.writeBytes(datagram.message)
        UDPHeader.prepend(sourcePort: datagram.sourcePort, destinationPort: datagram.destinationPort, source: datagram.source,
                          destination: datagram.destination, to: &udp)
        sendLocal(protocol: IPProtocol.udp, to: datagram.destination, payload: udp, source: datagram.source)
    }

    /// UDP 500, or 4500 after classification, addressed to the router.
    func ikeInput(_ data: ByteBuffer, source: IPv4Address, sourcePort: UInt16, destination: IPv4Address, destinationPort: UInt16) {
        let datagram = IKEDatagram(source: source, sourcePort: sourcePort, destination: destination, destinationPort: destinationPort,
                                   message: Array(data.readableBytesView))
        ike.receive(datagram, now: now)
        processIKE()
    }

    /// UDP 4500: a NAT-keepalive, IKE behind the non-ESP marker, or UDP-encapsulated ESP (RFC 3948).
    func natTraversalInput(_ packet: ByteBuffer, data: ByteBuffer, header: IPv4Header, udp: UDPHeader, destination: IPv4Address) {
        let content: UDPEncapsulation.Content
        do { content = try UDPEncapsulation.classify(data) } catch { return count(error) }
        switch content {
        case .keepalive: return
        // The engine owns the marker both ways (it adds it when it floats), so it gets the datagram as it came.
        case .ike: ikeInput(data, source: header.source, sourcePort: udp.sourcePort, destination: destination, destinationPort: udp.destinationPort)
        case .esp: espInput(packet, header: header, destination: destination, udpEncapsulated: true)
        }
    }

    /// ICMP, and IKE, ESP or L2TP when the router's own gateway or tunnel uses its masquerade's outer address:
    /// the router answers on that address itself, with no static entry (as an RTX does for its WAN address).
    func servesUnmapped(_ packet: ByteBuffer, header: IPv4Header) -> Bool {
        switch header.protocol {
        case IPProtocol.icmp:
            return true
        case IPProtocol.esp:
            return ike.localAddresses.contains(header.destination)
        case IPProtocol.udp:
            guard let port = packet.getInteger(at: packet.readerIndex + header.headerLength + 2, as: UInt16.self) else { return false }
            switch port {
            case IKEDatagram.port, IKEDatagram.natTraversalPort: return ike.localAddresses.contains(header.destination)
            case L2TPTunnel.port: return tunnelLocalAddresses.contains(header.destination)
            case DNSMessage.port: return running.dns.effectiveService == .recursive
            default: return dnsProxy.awaits(port: port)
            }
        default:
            return false
        }
    }

    // MARK: SAD

    private func install(_ child: ChildSA) {
        let cipher = child.proposal.encryption, integrity = child.proposal.integrity
        let mode: ESPSecurityAssociation.Mode =
            child.proposal.mode == .transport ? .transport : .tunnel(source: child.localAddress, destination: child.remoteAddress)
        let ports = child.encapsulationPorts
        let inbound = ESPSecurityAssociation(
            spi: child.inbound.spi, direction: .inbound, cipher: cipher, encryptionKey: child.inbound.encryptionKey,
            integrity: integrity, integrityKey: child.inbound.integrityKey, mode: mode,
            udpEncapsulation: ports.map { .init(source: $0.remote, destination: $0.local) }, random: &keyRandom)
        let outbound = ESPSecurityAssociation(
            spi: child.outbound.spi, direction: .outbound, cipher: cipher, encryptionKey: child.outbound.encryptionKey,
            integrity: integrity, integrityKey: child.outbound.integrityKey, mode: mode,
            udpEncapsulation: ports.map { .init(source: $0.local, destination: $0.remote) }, random: &keyRandom)
        sad.addInbound(inbound, destination: child.localAddress)
        outboundSAs[child.outbound.spi] = outbound
        // The newest pair carries what leaves; older ones still receive until they go.
        sad.setOutbound(outbound, policyID: child.policyID)
    }

    private func uninstall(_ child: ChildSA) {
        sad.removeInbound(spi: child.inbound.spi, destination: child.localAddress)
        outboundSAs[child.outbound.spi] = nil
        guard sad.outbound(policyID: child.policyID)?.spi == child.outbound.spi else { return }
        if let newest = ike.children.filter({ $0.policyID == child.policyID }).max(by: { $0.established < $1.established }),
           let sa = outboundSAs[newest.outbound.spi] {
            sad.setOutbound(sa, policyID: child.policyID)
            return
        }
        sad.removeOutbound(policyID: child.policyID)
        // Nothing protects the tunnels of this policy any more: their connections are gone with it.
        for (number, binding) in tunnels where binding.requiresIPsec && binding.ipsecPolicy == child.policyID {
            process(binding.engine.pathLost(now: now), tunnel: number)
        }
    }

    // MARK: ESP

    /// ESP addressed to the router (protocol 50, or UDP 4500): opened by the SA its SPI names.
    func espInput(_ packet: ByteBuffer, header: IPv4Header, destination: IPv4Address, udpEncapsulated: Bool) {
        let offset = header.headerLength + (udpEncapsulated ? UDPHeader.length : 0)
        guard let esp = packet.getSlice(at: packet.readerIndex + offset, length: packet.readableBytes - offset) else {
            return count(.espTruncated)
        }
        let spi: UInt32
        do { spi = try ESPHeader.parse(esp).spi } catch { return count(error) }
        guard let sa = sad.inbound(spi: spi, destination: destination) else { return count(.espUnknownSPI) }
        let opened: ESPOpened
        do { opened = try sa.open(packet, udpEncapsulated: udpEncapsulated) } catch { return count(error) }
        var udp = opened.payload
        switch (sa.mode, opened.nextHeader) {
        case (.transport, IPProtocol.udp):
            break
        case (.tunnel, IPProtocol.ipInIP):
            // Tunnel mode: the inner packet is the peer's own L2TP packet to us, addressed as the peer sees the
            // world; behind a NAT only the outer source names the peer as our tunnel knows it.
            guard let (inner, payload) = try? IPv4Header.parse(opened.payload), inner.protocol == IPProtocol.udp, !inner.isFragment else {
                return count(.ipsecNotL2TP)
            }
            udp = payload
        default:
            return count(.ipsecNotL2TP)
        }
        // A NAT may have rewritten the outer addresses the UDP checksum covered; ESP's ICV already vouches for it.
        let datagram: UDPHeader, data: ByteBuffer
        do { (datagram, data) = try UDPHeader.parse(udp) } catch { return count(error) }
        guard datagram.destinationPort == L2TPTunnel.port,
              l2tpInput(data, source: header.source, sourcePort: datagram.sourcePort, destination: destination, protected: true) else {
            return count(.ipsecNotL2TP)
        }
    }

    /// L2TP of a tunnel that must travel inside ESP: sealed by the policy's newest outbound SA, or dropped.
    func sendProtectedL2TP(_ payload: ByteBuffer, port: UInt16, binding: TunnelBinding) {
        guard let policy = binding.ipsecPolicy, let sa = sad.outbound(policyID: policy) else { return count(.l2tpNoIPsecSA) }
        let s = binding.engine.settings
        var packet = payload
        // Checksum 0 (none, RFC 768): a NAT on the way rewrites the addresses it would cover and cannot reach
        // inside ESP to fix it (RFC 3948 3.1.2); ESP's ICV protects the datagram instead.
        UDPHeader.prepend(sourcePort: L2TPTunnel.port, destinationPort: port, source: s.localAddress, destination: s.remoteAddress,
                          checksummed: false, to: &packet)
        IPv4Header.prepend(source: s.localAddress, destination: s.remoteAddress, protocol: IPProtocol.udp, ttl: Router.defaultTTL,
                           identification: takeIdentification(), to: &packet)
        let sealed: ByteBuffer
        do { sealed = try sa.seal(packet) } catch { return count(error) }
        guard let route = routes.lookup(s.remoteAddress) else { return count(.noRoute) }
        do {
            let header = try IPv4Header.parse(sealed).header
            sendRouted(sealed, header: header, route: route)
        } catch {
            count(error)
        }
    }
}

extension DropReason {
    /// ESP that opened to something other than L2TPv3 (UDP 1701) for the router: SoftRTX carries only that inside.
    public static let ipsecNotL2TP = DropReason("ipsec-not-l2tp")
}

extension Router {
    /// Key-log lines written since the last call: Wireshark `ikev1_decryption_table` lines (`"ICOOKIE","KEY"`) and
    /// `esp_sa` lines, for `--keylog`.
    public func takeKeyLog() -> [String] {
        defer { keyLog.removeAll() }
        return keyLog
    }
}
