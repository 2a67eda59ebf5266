import NIOCore
import Wire

/// ARP: answering for our addresses (and others' with proxy ARP), learning, resolving next hops.
extension Router {
    func arpInput(_ payload: ByteBuffer, interface iface: IPInterface) {
        let packet: ARPPacket
        do { packet = try ARPPacket.parse(payload) } catch { return count(error) }
        guard let own = iface.address else { return count(.noInterface) }
        // Someone else claiming one of our addresses is never learned: it would steal our own traffic.
        if ownAddresses.contains(packet.senderIP) {
            if !portMACs.values.contains(packet.senderMAC) { addressConflict(packet.senderIP, mac: packet.senderMAC, on: iface) }
            return count(.arpOwnAddress)
        }
        let key = ARPCache.Key(interface: iface.name, address: packet.senderIP)
        let forUs = packet.targetIP == own.address
        // RFC 826: merge the sender if known; add it when the packet is aimed at us.
        let waiting = forUs && own.contains(packet.senderIP)
            ? arp.learn(key, mac: packet.senderMAC, now: now)
            : arp.refreshIfPresent(key, mac: packet.senderMAC, now: now)
        for queued in waiting { sendFrame(ipv4: queued, on: iface, to: packet.senderMAC) }

        guard packet.operation == .request else { return }
        if forUs || (iface.proxyARP && proxiesFor(packet.targetIP, askedOn: iface)) {
            let reply = ARPPacket(operation: .reply, senderMAC: iface.mac, senderIP: packet.targetIP,
                                  targetMAC: packet.senderMAC, targetIP: packet.senderIP)
            let frame = EthernetHeader.frame(destination: packet.senderMAC, source: iface.mac,
                                             etherType: EtherType.arp, payload: reply.buffer)
            output(frame, on: iface, to: packet.senderMAC)
        }
    }

    /// Logs another station using one of our addresses, once a minute per address, so a flood cannot fill the log.
    private func addressConflict(_ address: IPv4Address, mac: MACAddress, on iface: IPInterface) {
        if let last = conflictLogged[address], now - last < .seconds(60) { return }
        conflictLogged[address] = now
        log.append("[ARP] \(iface.displayName): duplicate IP address \(address) is used by \(mac)", at: now)
    }

    /// Proxy ARP answers for an address reached through another interface than the one asked on.
    func proxiesFor(_ target: IPv4Address, askedOn iface: IPInterface) -> Bool {
        guard let route = routes.lookup(target) else { return false }
        return route.interface != iface.name
    }

    func sendARPRequest(for address: IPv4Address, on iface: IPInterface) {
        guard let own = iface.address else { return }
        let request = ARPPacket(operation: .request, senderMAC: iface.mac, senderIP: own.address,
                                targetMAC: .zero, targetIP: address)
        let frame = EthernetHeader.frame(destination: .broadcast, source: iface.mac,
                                         etherType: EtherType.arp, payload: request.buffer)
        output(frame, on: iface, to: .broadcast)
    }

    /// Retries outstanding resolutions; gives up after a few requests (host unreachable).
    func arpTimers() {
        let (retry, failed) = arp.due(now: now)
        for key in retry {
            if let iface = interfaces[key.interface] { sendARPRequest(for: key.address, on: iface) }
        }
        for (_, packets) in failed {
            for _ in packets { count(.arpUnresolved) }
        }
    }
}
