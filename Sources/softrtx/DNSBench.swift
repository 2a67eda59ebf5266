import ArgumentParser
import Config
import DNS
import NIOCore
import Router
import Wire

/// `softrtx bench dns`: queries per second through the router's DNS proxy, frames in and out of its
/// ports: answered from the cache, and cache misses forwarded to an upstream in the same process
/// (the bench answers each upstream query as a server would) and relayed back.
struct DNSBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dns", abstract: "DNS proxy queries per second through a router: cache hits, and misses answered by an in-process upstream.")

    @Option(help: "Queries timed per case.")
    var queries = 50_000

    static let config = """
    ip lan1 address 192.168.100.1/24
    ip lan2 address 203.0.113.1/24
    ip lan2 nat descriptor 1
    nat descriptor type 1 masquerade
    dns server 203.0.113.53
    dns cache max entry 1024
    """
    static let pc = IPv4Address(192, 168, 100, 2)
    static let server = IPv4Address(203, 0, 113, 53)
    static let pcMAC = MACAddress(0x02_00_00_00_00_01)
    static let serverMAC = MACAddress(0x02_00_00_00_00_02)

    func run() throws {
        let hits = try rate(misses: false)
        let misses = try rate(misses: true)
        print("dns: \(Int(hits)) queries/s answered from the cache, \(Int(misses)) queries/s forwarded upstream and relayed "
              + "(\(queries) queries each, through lan1 and lan2 of one router)")
    }

    private func rate(misses: Bool) throws -> Double {
        let router = Router(name: "bench", config: try Config.parse(Self.config), seed: 1)
        var now = Duration.zero
        func send(_ frame: ByteBuffer, on port: String) -> [(String, ByteBuffer)] {
            now += .microseconds(1)
            router.receive(frame, on: port, now: now)
            var out: [(String, ByteBuffer)] = []
            router.drainTransmissions { port, frame, _ in out.append((port, frame)) }
            return out
        }
        let lan1 = router.mac(of: "lan1") ?? .zero, lan2 = router.mac(of: "lan2") ?? .zero
        _ = send(Self.arp(from: Self.pcMAC, Self.pc, asking: IPv4Address(192, 168, 100, 1)), on: "lan1")
        _ = send(Self.arp(from: Self.serverMAC, Self.server, asking: IPv4Address(203, 0, 113, 1)), on: "lan2")
        // The cached name, asked once before the clock starts.
        let names = (0..<(misses ? queries : 1)).map { DNSName("host\($0).example.com")! }
        func ask(_ index: Int) -> Bool {
            let name = names[misses ? index : 0]
            let query = Self.udp(DNSMessage(id: UInt16(truncatingIfNeeded: index), flags: DNSMessage.recursionDesiredFlag,
                                            questions: [DNSQuestion(name: name, type: .a)]).buffer,
                                 from: Self.pc, 40000, to: IPv4Address(192, 168, 100, 1), 53, mac: Self.pcMAC, router: lan1)
            var out = send(query, on: "lan1")
            if let (port, frame) = out.first, port == "lan2" {
                guard let answer = Self.upstreamAnswer(frame, router: lan2) else { return false }
                out = send(answer, on: "lan2")
            }
            return out.first?.0 == "lan1"
        }
        guard ask(0) else { throw ValidationError("the router did not answer the first query") }
        let clock = ContinuousClock()
        let start = clock.now
        var answered = 0
        for index in 0..<queries where ask(index) { answered += 1 }
        let elapsed = clock.now - start
        guard answered == queries else { throw ValidationError("\(queries - answered) queries went unanswered") }
        return Double(queries) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// What the upstream server sends back for the query in `frame`: one A record.
    static func upstreamAnswer(_ frame: ByteBuffer, router: MACAddress) -> ByteBuffer? {
        guard let (_, packet) = try? EthernetHeader.parse(frame), let (ip, payload) = try? IPv4Header.parse(packet),
              let (udp, data) = try? UDPHeader.parse(payload), let query = try? DNSMessage.parse(data) else { return nil }
        let records = query.questions.map { DNSRecord(name: $0.name, type: .a, ttl: 300, data: .a(IPv4Address(198, 51, 100, 80))) }
        let answer = DNSMessage.response(to: query, code: .noError, answers: records)
        return Self.udp(answer.buffer, from: server, 53, to: ip.source, udp.sourcePort, mac: serverMAC, router: router)
    }

    static func udp(_ payload: ByteBuffer, from source: IPv4Address, _ sourcePort: UInt16, to destination: IPv4Address,
                    _ destinationPort: UInt16, mac: MACAddress, router: MACAddress) -> ByteBuffer {
        let datagram = UDPHeader.datagram(sourcePort: sourcePort, destinationPort: destinationPort, payload: payload,
                                          source: source, destination: destination)
        let packet = IPv4Header.packet(source: source, destination: destination, protocol: IPProtocol.udp, ttl: 64,
                                       identification: 1, payload: datagram)
        return EthernetHeader.frame(destination: router, source: mac, etherType: EtherType.ipv4, payload: packet)
    }

    static func arp(from mac: MACAddress, _ address: IPv4Address, asking target: IPv4Address) -> ByteBuffer {
        let request = ARPPacket(operation: .request, senderMAC: mac, senderIP: address, targetMAC: .zero, targetIP: target)
        return EthernetHeader.frame(destination: .broadcast, source: mac, etherType: EtherType.arp, payload: request.buffer)
    }
}
