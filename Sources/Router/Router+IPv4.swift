import Filter
import NIOCore
import Wire

/// IPv4: local delivery, forwarding with TTL, NAT at the interfaces that have a descriptor, output via ARP.
extension Router {
    static let defaultTTL: UInt8 = 255

    /// `offload` counts from the IP header: a super-frame or partial checksum that is only passing
    /// through stays so; what the router takes in itself is finished first.
    func ipv4Input(_ frame: ByteBuffer, offload: FrameOffload = .none, interface iface: IPInterface, linkBroadcast: Bool) {
        var header: IPv4Header
        do { (header, _) = try IPv4Header.parse(frame) } catch { return count(error) }
        // Cut Ethernet padding: from here on the buffer is exactly the IP packet.
        guard var packet = frame.getSlice(at: frame.readerIndex, length: Int(header.totalLength)) else {
            return count(.ipv4Truncated)
        }
        // RFC 1812 5.3.7: no broadcast, multicast or loopback source, and no source in 0/8 beyond a host
        // asking the router itself for its address (DHCP from 0.0.0.0).
        if header.source.isMulticast || isBroadcast(header.source)
            || (header.source.isMartian && !(header.source == .any && isLocal(header.destination, on: iface))) {
            return count(.martianSource)
        }
        if header.destination.isMartian { return count(.martianDestination) }
        if let slot = iface.filterSlot, let reason = intrusionCheck(packet, header: header, slot: slot, direction: .in) {
            return count(reason)
        }
        if !header.options.isEmpty, header.hasSourceRoute, running.effectiveFilterSourceRoute { return count(.sourceRoute) }
        // Fragments for the router itself are joined first, so NAT and L2TP see whole packets.
        if header.isFragment, header.destination == masquerades[iface.name]?.outer || isLocal(header.destination, on: iface) {
            let payload = packet.getSlice(at: packet.readerIndex + header.headerLength,
                                          length: packet.readableBytes - header.headerLength)!
            counters.fragmentsReceived += 1
            let (result, evicted) = reassembly.add(payload, header: header, now: now)
            for _ in 0..<evicted { count(.reassemblyBudget) }
            switch result {
            case .incomplete: return
            case let .dropped(reason): return count(reason)
            case let .whole(whole, wholeHeader):
                (packet, header) = (whole, wholeHeader)
                counters.datagramsReassembled += 1
            }
        }

        // One lookup of the interface's NAT, read and changed in place: each `masquerades[name]` would
        // hash the name again, and reading through it copies the table's value out.
        let nat = masquerades.index(forKey: iface.name)
        if let nat, let inner = masquerades.values[nat].staticDestination(of: packet, header: header), ownAddresses.contains(inner) {
            // A static entry to the router's own inner address (the seed's L2TP endpoint): taken as
            // addressed, with no bytes rewritten; checksums stay those of the received packet.
            if let slot = iface.filterSlot, !filterPasses(packet, header: header, destination: inner, slot: slot, direction: .in) { return }
            return localInput(packet, offload: offload, header: header, interface: iface, deliveredTo: inner)
        }
        var unmapped = false
        if let nat, header.destination == masquerades.values[nat].outer {
            switch masquerades.values[nat].inbound(&packet, header: header, now: now) {
            case .translated:
                do { (header, _) = try IPv4Header.parse(packet) } catch { return count(error) }
                refreshPartialChecksum(in: &packet, offload)
            case .untouched:
                // Only what the router itself serves may reach its outer address unmapped; the `in`
                // list still sees the rest first, so a filter set that rejects it logs it (RTX's
                // `Rejected at IN(...)` lines for probes of the WAN address).
                unmapped = !servesUnmapped(packet, header: header)
            case let .drop(reason):
                return count(reason)
            }
        }

        // Filters see the packet as NAT let it in: the inner address (RTX: NAT, then the `in` list).
        if let slot = iface.filterSlot, !filterPasses(packet, header: header, slot: slot, direction: .in) { return }
        if unmapped { return count(.natNoMapping) }
        if isLocal(header.destination, on: iface) {
            localInput(packet, offload: offload, header: header, interface: iface)
        } else if linkBroadcast || header.destination.isMulticast {
            return  // link-level broadcast not for us: never forwarded
        } else {
            forward(packet, offload: offload, header: header, from: iface)
        }
    }

    /// The limited broadcast, or the directed broadcast of any connected network.
    func isBroadcast(_ address: IPv4Address) -> Bool { address == .broadcast || directedBroadcasts.contains(address) }

    func isLocal(_ address: IPv4Address, on iface: IPInterface) -> Bool {
        if address == .broadcast { return true }
        if let own = iface.address, address == own.directedBroadcast, own.length < 31 { return true }
        return ownAddresses.contains(address)
    }

    func forward(_ packet: ByteBuffer, offload: FrameOffload = .none, header: IPv4Header, from iface: IPInterface) {
        guard header.ttl > 1 else {
            count(.ttlExceeded)
            return sendICMPError(type: ICMPHeader.timeExceeded, code: 0, quoting: packet, header: header, arrivedOn: iface)
        }
        guard let route = routes.lookup(header.destination) else {
            count(.noRoute)
            return sendICMPError(type: ICMPHeader.destinationUnreachable, code: 0, quoting: packet, header: header, arrivedOn: iface)
        }
        // A directed broadcast to another connected network is not forwarded unless `ip filter
        // directed-broadcast off` (RFC 2644; on is the RTX's default): it is how a smurf attack reaches
        // every host there.
        if directedBroadcasts.contains(header.destination), running.effectiveFilterDirectedBroadcast {
            return count(.directedBroadcast)
        }
        var packet = packet
        IPv4Header.decrementTTL(in: &packet)
        // `ip IF tcp mss limit` on the way in or out: the smaller limit wins.
        if header.protocol == IPProtocol.tcp,
           let limit = Router.smaller(iface.tcpMSSLimit, interfaces[route.interface]?.tcpMSSLimit) {
            if TCPMSSClamp.clamp(&packet, to: limit, ipAt: 0, checksumPartial: offload.checksum != nil) { counters.mssClamped += 1 }
        }
        sendRouted(packet, offload: offload, header: header, route: route)
    }

    static func smaller(_ a: Int?, _ b: Int?) -> Int? {
        guard let a else { return b }
        guard let b else { return a }
        return min(a, b)
    }

    /// Sends a packet the router made itself, from the address of the interface it leaves by. The
    /// payload's buffer becomes the frame (headers are prepended into its headroom).
    func sendLocal(protocol proto: UInt8, to destination: IPv4Address, payload: ByteBuffer,
                   ttl: UInt8 = Router.defaultTTL, source: IPv4Address? = nil) {
        if ownAddresses.contains(destination), let own = interfaces.values.first(where: { $0.address?.address == destination }) {
            // To ourselves: straight back in, as a loopback would.
            let packet = IPv4Header.packet(source: source ?? destination, destination: destination, protocol: proto,
                                           ttl: ttl, identification: takeIdentification(), payload: payload)
            if let header = try? IPv4Header.parse(packet).header { localInput(packet, header: header, interface: own) }
            return
        }
        guard let route = routes.lookup(destination), let out = interfaces[route.interface],
              let src = source ?? out.address?.address else { return count(.noRoute) }
        let identification = takeIdentification()
        var packet = payload
        IPv4Header.prepend(source: src, destination: destination, protocol: proto, ttl: ttl, identification: identification, to: &packet)
        let header = IPv4Header(totalLength: UInt16(truncatingIfNeeded: packet.readableBytes), identification: identification,
                                ttl: ttl, protocol: proto, source: src, destination: destination)
        sendRouted(packet, header: header, route: route)
    }

    /// Sends to the limited broadcast address on one interface (DHCP replies).
    func sendBroadcast(protocol proto: UInt8, on iface: IPInterface, payload: ByteBuffer) {
        guard let src = iface.address?.address else { return }
        var packet = payload
        IPv4Header.prepend(source: src, destination: .broadcast, protocol: proto, ttl: Router.defaultTTL,
                           identification: takeIdentification(), to: &packet)
        sendFrame(ipv4: packet, on: iface, to: .broadcast)
    }

    func takeIdentification() -> UInt16 {
        defer { nextIPIdentification &+= 1 }
        return nextIPIdentification
    }

    func sendRouted(_ packet: ByteBuffer, offload: FrameOffload = .none, header: IPv4Header, route: RoutingTable.Route) {
        guard let out = interfaces[route.interface] else { return count(.noRoute) }
        // The `out` list sees the packet before NAT rewrites it (RTX: the `out` list, then NAT).
        if let slot = out.filterSlot {
            if let reason = intrusionCheck(packet, header: header, slot: slot, direction: .out) { return count(reason) }
            guard filterPasses(packet, header: header, slot: slot, direction: .out) else { return }
        }
        var packet = packet
        // In place: a copy of the table would be copied again on write.
        if case let .drop(reason)? = masquerades[out.name]?.outbound(&packet, header: header, now: now) { return count(reason) }
        refreshPartialChecksum(in: &packet, offload)
        resolveAndSend(packet, offload: offload, on: out, nextHop: route.gateway ?? header.destination)
    }

    func resolveAndSend(_ packet: ByteBuffer, offload: FrameOffload = .none, on iface: IPInterface, nextHop: IPv4Address) {
        if let number = iface.pp { return ppOutput(packet, offload: offload, on: iface, number: number) }
        if nextHop == .broadcast || nextHop == iface.address?.directedBroadcast {
            return sendFrame(ipv4: packet, offload: offload, on: iface, to: .broadcast)
        }
        let key = ARPCache.Key(interface: iface.name, address: nextHop)
        if let mac = arp.lookup(key, now: now) {
            return sendFrame(ipv4: packet, offload: offload, on: iface, to: mac)
        }
        // The queue holds finished packets: it is short-lived and rare, and its packets leave by the plain path.
        finish(packet, offload) { piece in
            let (requestNow, dropped) = arp.enqueue(piece, for: key, now: now)
            if let dropped { count(dropped) }
            if requestNow { sendARPRequest(for: nextHop, on: iface) }
        }
    }

    func sendFrame(ipv4 packet: ByteBuffer, offload: FrameOffload = .none, on iface: IPInterface, to mac: MACAddress) {
        guard packet.readableBytes > IPv4Fragmenter.ethernetMTU, offload.segmentation == nil else {
            // A super-frame leaves whole: its segments are cut to size where it is resolved.
            var frame = packet
            EthernetHeader(destination: mac, source: iface.mac, etherType: EtherType.ipv4).prepend(to: &frame)
            return output(frame, offload: offload.shifted(by: EthernetHeader.length), on: iface, to: mac)
        }
        if offload.checksum != nil {
            return finish(packet, offload) { sendFrame(ipv4: $0, on: iface, to: mac) }
        }
        guard let pieces = IPv4Fragmenter.fragments(of: packet) else { return count(.fragmentNeeded) }
        counters.packetsFragmented += 1
        counters.fragmentsSent += pieces.count
        for piece in pieces {
            let frame = EthernetHeader.frame(destination: mac, source: iface.mac, etherType: EtherType.ipv4, payload: piece)
            output(frame, on: iface, to: mac)
        }
    }
}
