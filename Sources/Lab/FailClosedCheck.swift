import Config
import NIOCore
import Wire

/// The lab's check of `tunnel encapsulation l2tpv3`: a router whose L2TPv3 tunnels all require IPsec never puts
/// an L2TP packet (UDP 1701) on a link in the clear. Every frame such a router sends is looked at.
struct FailClosedCheck {
    private(set) var framesChecked = 0
    private(set) var violations: [String] = []

    mutating func inspect(_ frame: ByteBuffer, port: String, router: String, config: Config, now: Duration) {
        // Looked up per frame without building a list: this runs on every frame the lab moves.
        let tunnels = config.tunnels.values
        guard tunnels.contains(where: { $0.encapsulation == .l2tpv3 }), !tunnels.contains(where: { $0.encapsulation == .l2tpv3Raw }) else {
            return
        }
        framesChecked += 1
        guard let (ethernet, packet) = try? EthernetHeader.parse(frame), ethernet.etherType == EtherType.ipv4,
              let (ip, payload) = try? IPv4Header.parse(packet), ip.protocol == IPProtocol.udp, ip.flagsAndFragmentOffset & 0x1FFF == 0,
              // The ports alone: a datagram with a broken length field still counts.
              let source = payload.getInteger(at: payload.readerIndex, as: UInt16.self),
              let destination = payload.getInteger(at: payload.readerIndex + 2, as: UInt16.self),
              source == 1701 || destination == 1701 else { return }
        violations.append("\(LabDuration.format(now)) \(router).\(port): L2TP in the clear \(ip.source):\(source) -> \(ip.destination):\(destination)")
    }
}
