import ArgumentParser
import Config
import NIOCore
import Router
import Wire

/// `softrtx bench filter`: routed frames per second through lan1 ⇄ lan2 with no filter, and with a
/// 30-filter static list on lan2 in and out plus dynamic filters, in the same run.
struct FilterBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filter",
        abstract: "Routed frames/s with no filters, and with 30-filter lists in and out of lan2 plus dynamic filters.")

    @Option(help: "Frames per measurement.")
    var frames = 1_000_000

    @Option(help: "Frame size in bytes (at least 64).")
    var size = 64

    @Option(help: "Measure only one config: none (no filters) or lists (for counting allocations per frame).")
    var only: String?

    static let base = """
    ip lan1 address 192.168.100.1/24
    ip lan2 address 203.0.113.1/24
    ip route default gateway 203.0.113.254
    """

    /// 29 filters a packet of the measured flows matches none of, then a pass: the 30th is its first match
    /// (half of the 29 name TCP/UDP, which the protocol index lets an ICMP packet skip).
    static var filtered: String {
        var lines = [base]
        var numbers: [Int] = []
        for i in 0..<29 {
            let number = 1000 + i
            numbers.append(number)
            lines.append(i % 2 == 0 ? "ip filter \(number) reject 10.\(i).0.0/16 * * * *"
                                    : "ip filter \(number) reject * * udp,tcp \(2000 + i) *")
        }
        lines.append("ip filter 1099 pass * * * * *")
        let list = (numbers + [1099]).map(String.init).joined(separator: " ")
        lines += ["ip lan2 secure filter in \(list)", "ip lan2 secure filter out \(list) dynamic 2098 2099",
                  "ip filter dynamic 2098 * * tcp", "ip filter dynamic 2099 * * udp syslog=off"]
        return lines.joined(separator: "\n")
    }

    func run() throws {
        let size = max(64, self.size)
        if let only {
            guard only == "none" || only == "lists" else { throw ValidationError("--only takes none or lists") }
            let r = try measure(config: only == "none" ? FilterBench.base : FilterBench.filtered, size: size)
            print(String(format: "%4d-byte frames, %@: out %.0f, in %.0f, ICMP %.0f frames/s", size, only, r.out, r.in, r.walk))
            return
        }
        let plain = try measure(config: FilterBench.base, size: size)
        let lists = try measure(config: FilterBench.filtered, size: size)
        for (name, a, b) in [("out lan1→lan2 (a connection's packets)", plain.out, lists.out),
                             ("in lan2→lan1 (its answers)", plain.in, lists.in),
                             ("out lan1→lan2, ICMP (no connection: the 30th filter is its first match)", plain.walk, lists.walk)] {
            print(String(format: "%4d-byte frames, %@: %.0f frames/s without filters, %.0f with, ratio %.2f", size, name, a, b, b / a))
        }
    }

    /// Frames/s out, in (answers of established connections) and out with no connection (ICMP).
    private func measure(config text: String, size: Int) throws -> (out: Double, in: Double, walk: Double) {
        let router = Router(name: "bench", config: try Config.parse(text), seed: 1)
        let host = MACAddress(0x02_00_00_00_00_0A), gateway = MACAddress(0x02_00_00_00_00_0B)
        let hostIP = IPv4Address(192, 168, 100, 10), server = IPv4Address(198, 51, 100, 7), gatewayIP = IPv4Address(203, 0, 113, 254)
        var now = Duration.seconds(1)
        for (mac, ip, own, port) in [(host, hostIP, IPv4Address(192, 168, 100, 1), "lan1"), (gateway, gatewayIP, IPv4Address(203, 0, 113, 1), "lan2")] {
            let arp = ARPPacket(operation: .request, senderMAC: mac, senderIP: ip, targetMAC: .zero, targetIP: own)
            router.receive(EthernetHeader.frame(destination: .broadcast, source: mac, etherType: EtherType.arp, payload: arp.buffer), on: port, now: now)
        }
        _ = router.takeTransmissions()
        guard let lan1 = router.mac(of: "lan1"), let lan2 = router.mac(of: "lan2") else { throw ValidationError("no port MACs") }
        func tcp(_ src: IPv4Address, _ sport: UInt16, _ dst: IPv4Address, _ dport: UInt16, flags: UInt16, to mac: MACAddress, from: MACAddress) -> ByteBuffer {
            let payload = ByteBuffer(repeating: 0x5A, count: max(0, size - EthernetHeader.length - 40))
            let segment = TCPHeader.segment(sourcePort: sport, destinationPort: dport, sequence: 1, acknowledgment: 1, flags: flags,
                                            window: 1000, payload: payload, source: src, destination: dst)
            let packet = IPv4Header.packet(source: src, destination: dst, protocol: IPProtocol.tcp, ttl: 64, identification: 1, payload: segment)
            return EthernetHeader.frame(destination: mac, source: from, etherType: EtherType.ipv4, payload: packet)
        }
        // Open the measured connection as a host would: SYN out, SYN-ACK back.
        now += .milliseconds(1)
        router.receive(tcp(hostIP, 40000, server, 443, flags: TCPHeader.syn, to: lan1, from: host), on: "lan1", now: now)
        router.receive(tcp(server, 443, hostIP, 40000, flags: TCPHeader.syn | TCPHeader.ack, to: lan2, from: gateway), on: "lan2", now: now)
        _ = router.takeTransmissions()
        let out = tcp(hostIP, 40000, server, 443, flags: TCPHeader.ack, to: lan1, from: host)
        let answer = tcp(server, 443, hostIP, 40000, flags: TCPHeader.ack, to: lan2, from: gateway)
        let icmp = ICMPHeader.message(type: ICMPHeader.echoRequest, code: 0, restOfHeader: 1,
                                      data: ByteBuffer(repeating: 0, count: max(0, size - EthernetHeader.length - 28)))
        let ping = EthernetHeader.frame(destination: lan1, source: host, etherType: EtherType.ipv4,
                                        payload: IPv4Header.packet(source: hostIP, destination: server, protocol: IPProtocol.icmp, ttl: 64,
                                                                   identification: 1, payload: icmp))
        let clock = ContinuousClock()
        func rate(_ frame: ByteBuffer, on port: String, expect: String) throws -> Double {
            router.receive(frame, on: port, now: now)
            let check = router.takeTransmissions()
            guard check.count == 1, check[0].port == expect else { throw ValidationError("expected one frame out of \(expect), got \(check.map(\.port))") }
            let start = clock.now
            for _ in 0..<frames {
                router.receive(frame, on: port, now: now)
                router.drainTransmissions { _, _, _ in }
            }
            return Double(frames) / seconds(clock.now - start)
        }
        return (try rate(out, on: "lan1", expect: "lan2"), try rate(answer, on: "lan2", expect: "lan1"), try rate(ping, on: "lan1", expect: "lan2"))
    }
}
