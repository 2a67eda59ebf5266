import IKE
import L2TP
import NIOCore
import Wire

/// Packets addressed to the router itself: ICMP, and UDP services (the DHCP server).
extension Router {
    /// `deliveredTo` is the local address a NAT static entry sent the packet to, when its header
    /// still shows the outer address.
    func localInput(_ packet: ByteBuffer, offload: FrameOffload = .none, header: IPv4Header, interface iface: IPInterface,
                    deliveredTo: IPv4Address? = nil) {
        guard offload.isResolved else {
            // A super-frame or a partial checksum for the router itself: finished as a NIC would, then taken in.
            return finish(packet, offload) { piece in
                guard let pieceHeader = try? IPv4Header.parse(piece).header else { return count(.ipv4Truncated) }
                localInput(piece, header: pieceHeader, interface: iface, deliveredTo: deliveredTo)
            }
        }
        guard !header.isFragment else { return count(.fragmentUnsupported) }
        guard let payload = packet.getSlice(at: packet.readerIndex + header.headerLength,
                                            length: Int(header.totalLength) - header.headerLength) else {
            return count(.ipv4Truncated)
        }
        switch header.protocol {
        case IPProtocol.icmp:
            icmpInput(payload, header: header)
        case IPProtocol.udp:
            let udp: UDPHeader, data: ByteBuffer
            do { (udp, data) = try UDPHeader.parse(payload, source: header.source, destination: header.destination) } catch {
                return count(error)
            }
            if udp.destinationPort == 67, dhcpInput(data, interface: iface) { return }
            let local = deliveredTo ?? header.destination
            if udp.destinationPort == DNSMessage.port,
               dnsQueryInput(data, source: header.source, sourcePort: udp.sourcePort, local: local, interface: iface) { return }
            if udp.destinationPort == IKEDatagram.port {
                return ikeInput(data, source: header.source, sourcePort: udp.sourcePort, destination: local, destinationPort: udp.destinationPort)
            }
            if udp.destinationPort == IKEDatagram.natTraversalPort {
                return natTraversalInput(packet, data: data, header: header, udp: udp, destination: local)
            }
            if udp.destinationPort == L2TPTunnel.port,
               l2tpInput(data, source: header.source, sourcePort: udp.sourcePort, destination: deliveredTo ?? header.destination) { return }
            if dnsAnswerInput(data, source: header.source, sourcePort: udp.sourcePort, destinationPort: udp.destinationPort) { return }
            count(.udpNoListener)
            if header.destination != .broadcast && header.destination != iface.address?.directedBroadcast {
                sendICMPError(type: ICMPHeader.destinationUnreachable, code: 3, quoting: packet, header: header, arrivedOn: iface)
            }
        case IPProtocol.esp:
            espInput(packet, header: header, destination: deliveredTo ?? header.destination, udpEncapsulated: false)
        case IPProtocol.tcp:
            if !dnsTCPInput(payload, header: header, local: deliveredTo ?? header.destination, interface: iface) { count(.ipProtocolUnsupported) }
        default:
            count(.ipProtocolUnsupported)
        }
    }

    func icmpInput(_ message: ByteBuffer, header ip: IPv4Header) {
        let icmp: ICMPHeader, data: ByteBuffer
        do { (icmp, data) = try ICMPHeader.parse(message) } catch { return count(error) }
        switch icmp.type {
        case ICMPHeader.echoRequest:
            // Like Linux (icmp_echo_ignore_broadcasts), no answer to a broadcast ping: RFC 1812 4.3.3.6 allows
            // either, and an answer is the amplifier of a smurf attack.
            guard !isBroadcast(ip.destination) else { return count(.echoToBroadcast) }
            let reply = ICMPHeader.message(type: ICMPHeader.echoReply, code: 0, restOfHeader: icmp.restOfHeader, data: data)
            sendLocal(protocol: IPProtocol.icmp, to: ip.source, payload: reply, source: ip.destination)
        case ICMPHeader.echoReply:
            guard var session = ping else { return }
            if let line = session.reply(from: ip.source, identifier: icmp.identifier, sequence: icmp.sequence, ttl: ip.ttl, now: now) {
                consoleOutput += line + "\n"
            }
            ping = session
            pingTimers()
        default:
            break   // errors about our own packets: nothing waits for them yet
        }
    }

    /// RFC 1812 4.3.2.7: no error about an ICMP error, a broadcast or multicast (either end), a fragment
    /// tail, or a packet from an unspecified or loopback source.
    func sendICMPError(type: UInt8, code: UInt8, quoting packet: ByteBuffer, header: IPv4Header, arrivedOn iface: IPInterface) {
        guard !header.source.isMartian, !header.source.isMulticast, !isBroadcast(header.source),
              header.flagsAndFragmentOffset & 0x1FFF == 0, !header.destination.isMulticast, !isBroadcast(header.destination),
              let own = iface.address?.address else { return }
        if header.protocol == IPProtocol.icmp,
           let t = packet.getInteger(at: packet.readerIndex + header.headerLength, as: UInt8.self),
           t != ICMPHeader.echoRequest && t != ICMPHeader.echoReply {
            return
        }
        guard icmpErrors.allow(now: now) else { return count(.icmpErrorRateLimited) }
        let message = ICMPHeader.message(type: type, code: code, restOfHeader: 0, data: ICMPHeader.errorData(quoting: packet))
        sendLocal(protocol: IPProtocol.icmp, to: header.source, payload: message, source: own)
    }
}
