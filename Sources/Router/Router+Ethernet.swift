import NIOCore
import Wire

/// Layer 2: ports, the bridge with its learning table, and handing frames to the IP layer.
extension Router {
    /// The IP interface a port or tunnel belongs to: its bridge if it is a member, else itself.
    func interfaceName(ofMember member: String) -> String? { interfaceOfMember[member] }

    /// `offload`: what the port's driver left unfinished on the frame; it travels with the frame
    /// through the bridge and routing, and is resolved where a path needs finished bytes.
    func ethernetInput(_ frame: ByteBuffer, offload: FrameOffload = .none, port: String) {
        let header: EthernetHeader, payload: ByteBuffer
        do { (header, payload) = try EthernetHeader.parse(frame) } catch { return count(error) }
        if !ppOfPort.isEmpty, header.etherType == EtherType.pppoeSession || header.etherType == EtherType.pppoeDiscovery {
            return pppoeInput(payload, etherType: header.etherType, source: header.source, destination: header.destination, port: port)
        }
        guard let ifName = interfaceName(ofMember: port), let iface = interfaces[ifName] else {
            return count(.noInterface)
        }
        if iface.isBridge {
            fdb.learn(header.source, on: port, now: now)
            if header.destination.isGroup {
                flood(frame, offload: offload, in: iface, except: port)
            } else if header.destination != iface.mac {
                if let member = fdb.member(for: header.destination, now: now) {
                    if member != port { sendToMember(frame, offload: offload, member: member) }
                } else {
                    flood(frame, offload: offload, in: iface, except: port)
                }
                return
            }
        } else if header.destination != iface.mac && !header.destination.isGroup {
            return count(.ethernetNotForUs)
        }
        switch header.etherType {
        case EtherType.arp: arpInput(payload, interface: iface)
        case EtherType.ipv4:
            ipv4Input(payload, offload: offload.shifted(by: -EthernetHeader.length), interface: iface,
                      linkBroadcast: header.destination.isGroup)
        default: if !header.destination.isGroup { count(.etherTypeUnknown) }
        }
    }

    /// Sends an Ethernet frame out of an IP interface: the learned member for a bridge, else all members.
    func output(_ frame: ByteBuffer, offload: FrameOffload = .none, on iface: IPInterface, to destination: MACAddress) {
        if iface.isBridge, !destination.isGroup, let member = fdb.member(for: destination, now: now) {
            sendToMember(frame, offload: offload, member: member)
        } else {
            flood(frame, offload: offload, in: iface, except: nil)
        }
    }

    func flood(_ frame: ByteBuffer, offload: FrameOffload = .none, in iface: IPInterface, except port: String?) {
        for member in iface.members where member != port { sendToMember(frame, offload: offload, member: member) }
    }

    func sendToMember(_ frame: ByteBuffer, offload: FrameOffload = .none, member: String) {
        // Per frame: a compare against the model's few ports beats hashing the name.
        if model.ports.contains(member) {
            transmit(frame, offload: offload, on: member)
        } else if let number = Router.tunnelNumber(member) {
            tunnelOutput(frame, offload: offload, tunnel: number)
        } else {
            count(.noInterface)
        }
    }

    /// N of `tunnelN`, read from the bytes without building substrings.
    static func tunnelNumber(_ member: String) -> Int? {
        var utf8 = member.utf8.makeIterator()
        for expected in "tunnel".utf8 { guard utf8.next() == expected else { return nil } }
        var number = 0, digits = 0
        while let c = utf8.next() {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c), digits < 4 else { return nil }
            number = number * 10 + Int(c - UInt8(ascii: "0"))
            digits += 1
        }
        return digits > 0 ? number : nil
    }
}
