import Config
import NIOCore
import Router
import Wire

/// A router under test with a hand on both sides of it.
struct Bench {
    let router: Router
    var now: Duration = .zero

    init(_ configText: String) throws {
        router = Router(name: "r", config: try Config.parse(configText), seed: 7)
    }

    mutating func send(_ frame: ByteBuffer, offload: FrameOffload = .none, on port: String,
                       after: Duration = .milliseconds(1)) -> [(port: String, frame: ByteBuffer, offload: FrameOffload)] {
        now += after
        router.receive(frame, offload: offload, on: port, now: now)
        return router.takeTransmissions()
    }

    mutating func type(_ line: String) -> String {
        router.enter(line, now: now)
        return router.takeConsoleOutput()
    }

    func mac(_ port: String) -> MACAddress { router.mac(of: port)! }
}

let hostMAC = MACAddress(0x02_00_00_00_00_01)
let peerMAC = MACAddress(0x02_00_00_00_00_02)

func arpRequest(from mac: MACAddress, ip: IPv4Address, asking target: IPv4Address) -> ByteBuffer {
    let arp = ARPPacket(operation: .request, senderMAC: mac, senderIP: ip, targetMAC: .zero, targetIP: target)
    return EthernetHeader.frame(destination: .broadcast, source: mac, etherType: EtherType.arp, payload: arp.buffer)
}

func ipFrame(to dst: MACAddress, from src: MACAddress, _ packet: ByteBuffer) -> ByteBuffer {
    EthernetHeader.frame(destination: dst, source: src, etherType: EtherType.ipv4, payload: packet)
}

func echoRequest(from: IPv4Address, to: IPv4Address, id: UInt16 = 0x1234, seq: UInt16 = 0, ttl: UInt8 = 64) -> ByteBuffer {
    let icmp = ICMPHeader.message(type: ICMPHeader.echoRequest, code: 0, restOfHeader: UInt32(id) << 16 | UInt32(seq), data: ByteBuffer(bytes: [1, 2, 3, 4]))
    return IPv4Header.packet(source: from, destination: to, protocol: IPProtocol.icmp, ttl: ttl, identification: 1, payload: icmp)
}

func udpPacket(from: IPv4Address, _ sport: UInt16, to: IPv4Address, _ dport: UInt16, ttl: UInt8 = 64) -> ByteBuffer {
    let udp = UDPHeader.datagram(sourcePort: sport, destinationPort: dport, payload: ByteBuffer(bytes: [9, 9]), source: from, destination: to)
    return IPv4Header.packet(source: from, destination: to, protocol: IPProtocol.udp, ttl: ttl, identification: 2, payload: udp)
}

/// The IPv4 packet inside an Ethernet frame, with its parsed header.
func ip(_ frame: ByteBuffer) -> (eth: EthernetHeader, header: IPv4Header, payload: ByteBuffer)? {
    guard let (eth, payload) = try? EthernetHeader.parse(frame), eth.etherType == EtherType.ipv4,
          let (header, l4) = try? IPv4Header.parse(payload) else { return nil }
    return (eth, header, l4)
}

func arp(_ frame: ByteBuffer) -> ARPPacket? {
    guard let (eth, payload) = try? EthernetHeader.parse(frame), eth.etherType == EtherType.arp else { return nil }
    return try? ARPPacket.parse(payload)
}

extension IPv4Address: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = IPv4Address(value)! }
}

/// A WAN router config as the seed's yamaha01 has it after step 1.
let seedStep1 = """
ip route default gateway 192.168.1.2
ip bridge1 address 192.168.100.1/24
ip bridge1 proxyarp on
ip lan2 address 192.168.1.1/24
ip lan2 nat descriptor 1
bridge member bridge1 lan1 tunnel1
nat descriptor type 1 masquerade
nat descriptor address outer 1 192.168.1.1
nat descriptor address inner 1 auto
nat descriptor masquerade static 1 5 192.168.100.1 udp 1701
nat descriptor masquerade static 1 2 192.168.100.9 esp
dhcp service server
dhcp server rfc2131 compliant except remain-silent
dhcp scope 1 192.168.100.10-192.168.100.15/24
"""
