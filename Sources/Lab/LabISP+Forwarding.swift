import NIOCore
import PPP
import Wire

/// The ISP's IPv4 routing: sessions' addresses over PPPoE, its own upstream prefix directly, other
/// prefixes through their route or the default gateway. It answers pings to its own addresses and
/// sends ICMP errors as a router does (time exceeded, unreachable, fragmentation needed).
extension LabISP {
    enum Ingress: Equatable {
        case upstream
        /// From the session holding this address.
        case session(IPv4Address)
    }

    func forward(_ received: ByteBuffer, from ingress: Ingress) {
        let header: IPv4Header
        do { header = try IPv4Header.parse(received).header } catch { return count(error) }
        if case let .session(address) = ingress, header.source != address { return count(.ispSpoofedSource) }
        // Padding after the total length (Ethernet's minimum frame) does not travel on.
        var packet = received.getSlice(at: received.readerIndex, length: Int(header.totalLength)) ?? received
        if isOwn(header.destination) { return deliverLocally(header, packet) }
        guard header.ttl > 1 else {
            count(.ispTTLExceeded)
            return icmpError(type: ICMPHeader.timeExceeded, code: 0, about: packet, header, ingress: ingress)
        }
        IPv4Header.decrementTTL(in: &packet)
        route(packet, header, ingress: ingress)
    }

    private func isOwn(_ address: IPv4Address) -> Bool {
        address == spec.address || address == spec.upstream?.address.address
    }

    /// Sends a packet towards its destination; `ingress` is where it came from, for ICMP errors (nil for our own).
    private func route(_ packet: ByteBuffer, _ header: IPv4Header, ingress: Ingress?) {
        let destination = header.destination
        if let session = server.session(for: destination) {
            guard packet.readableBytes <= session.mru else {
                count(.ispTooBig)
                guard header.dontFragment else { return }
                return icmpError(type: ICMPHeader.destinationUnreachable, code: 4, restOfHeader: UInt32(session.mru), about: packet,
                                 header, ingress: ingress)
            }
            guard let frame = server.send(ipv4: packet, to: destination) else { return count(.ispNoSession) }
            forwarded += 1
            return transmit(frame, on: "access")
        }
        if spec.pool.contains(destination) {
            count(.ispNoSession)
            return icmpError(type: ICMPHeader.destinationUnreachable, code: 1, about: packet, header, ingress: ingress)
        }
        guard let upstream = spec.upstream, let hop = nextHop(destination, upstream) else {
            count(.ispNoRoute)
            return icmpError(type: ICMPHeader.destinationUnreachable, code: 0, about: packet, header, ingress: ingress)
        }
        forwarded += 1
        if let mac = neighbors.mac(of: hop) { return sendUpstream(packet, to: mac) }
        let (ask, dropped) = neighbors.hold(packet, for: hop, now: now)
        if dropped { count(.ispNoARPReply) }
        if ask { sendARPRequest(for: hop) }
    }

    /// On the upstream prefix: the destination itself; else the longest matching route, then the default.
    private func nextHop(_ destination: IPv4Address, _ upstream: LabISPSpec.Upstream) -> IPv4Address? {
        if upstream.address.contains(destination) { return destination }
        let route = upstream.routes.filter { $0.prefix.contains(destination) }.max { $0.prefix.length < $1.prefix.length }
        return route?.gateway ?? upstream.gateway
    }

    /// Pings to the ISP's addresses are answered; anything else for them is counted and dropped.
    private func deliverLocally(_ header: IPv4Header, _ packet: ByteBuffer) {
        guard header.protocol == IPProtocol.icmp, !header.isFragment,
              let payload = try? IPv4Header.parse(packet).payload else { return count(.ispNotForUs) }
        let icmp: (header: ICMPHeader, data: ByteBuffer)
        do { icmp = try ICMPHeader.parse(payload) } catch { return count(error) }
        guard icmp.header.type == ICMPHeader.echoRequest else { return count(.ispNotForUs) }
        let reply = ICMPHeader.message(type: ICMPHeader.echoReply, code: 0, restOfHeader: icmp.header.restOfHeader, data: icmp.data)
        originate(IPv4Header.packet(source: header.destination, destination: header.source, protocol: IPProtocol.icmp, ttl: 64,
                                    identification: nextIdentification(), payload: reply))
    }

    /// An ICMP error about `packet`, from the ISP's address on the side it came in; none about an
    /// ICMP error, a fragment after the first, or a packet from no one.
    private func icmpError(type: UInt8, code: UInt8, restOfHeader: UInt32 = 0, about packet: ByteBuffer, _ header: IPv4Header,
                           ingress: Ingress?) {
        guard let ingress, header.source != .any, !header.source.isMulticast, header.flagsAndFragmentOffset & 0x1FFF == 0 else { return }
        if header.protocol == IPProtocol.icmp, let payload = try? IPv4Header.parse(packet).payload,
           let kind = payload.getInteger(at: payload.readerIndex, as: UInt8.self),
           kind != ICMPHeader.echoRequest && kind != ICMPHeader.echoReply { return }
        let source = ingress == .upstream ? spec.upstream?.address.address ?? spec.address : spec.address
        let message = ICMPHeader.message(type: type, code: code, restOfHeader: restOfHeader, data: ICMPHeader.errorData(quoting: packet))
        originate(IPv4Header.packet(source: source, destination: header.source, protocol: IPProtocol.icmp, ttl: 64,
                                    identification: nextIdentification(), payload: message))
    }

    private func originate(_ packet: ByteBuffer) {
        guard let header = try? IPv4Header.parse(packet).header else { return }
        route(packet, header, ingress: nil)
    }
}
