import NIOCore
import Wire

/// The DHCP server on the interfaces that have a scope.
extension Router {
    /// Returns false when no DHCP server listens on this interface.
    func dhcpInput(_ data: ByteBuffer, interface iface: IPInterface) -> Bool {
        guard let scope = scope(on: iface) else { return false }
        let message: DHCPMessage
        do { message = try DHCPMessage.parse(data) } catch {
            count(DropReason(error.reason))
            return true
        }
        dhcpServer.expire(now: now)
        guard let reply = dhcpServer.handle(message, now: now, arrivedOn: scope) else { return true }
        if reply.message.messageType == .ack {
            log.append("[DHCPD] \(iface.displayName) Allocates \(reply.message.yiaddr): \(reply.message.chaddr)", at: now)
        }
        let source = scope.serverAddress
        switch reply.destination {
        case .broadcast:
            let udp = UDPHeader.datagram(sourcePort: 67, destinationPort: 68, payload: reply.message.buffer,
                                         source: source, destination: .broadcast)
            sendBroadcast(protocol: IPProtocol.udp, on: iface, payload: udp)
        case let .unicast(address, mac):
            // The client has no address yet to answer ARP with: straight to its hardware address.
            let udp = UDPHeader.datagram(sourcePort: 67, destinationPort: 68, payload: reply.message.buffer,
                                         source: source, destination: address)
            let packet = IPv4Header.packet(source: source, destination: address, protocol: IPProtocol.udp,
                                           ttl: Router.defaultTTL, identification: takeIdentification(), payload: udp)
            sendFrame(ipv4: packet, on: iface, to: mac)
        case let .relay(agent):
            let udp = UDPHeader.datagram(sourcePort: 67, destinationPort: 67, payload: reply.message.buffer,
                                         source: source, destination: agent)
            sendLocal(protocol: IPProtocol.udp, to: agent, payload: udp, source: source)
        }
        return true
    }
}
