import Wire

/// A lab host's `flood tcp|udp ADDRESS PORT COUNT [spoof]`: COUNT SYNs or datagrams to ADDRESS:PORT,
/// each from a random source port and, with `spoof`, a random source address, drawn from the host's
/// seeded generator (a lab run sends the same packets every time). Paced at `rate` packets per
/// virtual second, `batch` at a time, so the lab's event queue holds a slice of the flood, never all
/// of it. It runs in the background, as `ping ... &` would: the console is free at once, and
/// `flood: N packets sent` comes when the last one went.
struct LabFlood {
    static let rate = 10_000
    static let interval: Duration = .milliseconds(10)
    static let batch = rate / 100
    static let counts = 1...1_000_000

    /// One packet to send: its source address (nil: the host's own) and port.
    struct Packet {
        var source: IPv4Address?
        var sourcePort: UInt16
        var sequence: UInt32
    }

    let transport: HostService.Transport
    let target: IPv4Address
    let port: UInt16
    let count: Int
    let spoof: Bool
    private(set) var sent = 0
    /// Its host asked for the next hop's MAC once.
    var askedARP = false
    /// When the next batch is due.
    private(set) var deadline: Duration

    var isDone: Bool { sent >= count }

    init(transport: HostService.Transport, target: IPv4Address, port: UInt16, count: Int, spoof: Bool, now: Duration) {
        (self.transport, self.target, self.port, self.count, self.spoof, deadline) = (transport, target, port, count, spoof, now)
    }

    /// `flood tcp 203.0.113.1 80 50000 spoof`.
    static func parse(_ words: [Substring], now: Duration) -> LabFlood? {
        guard words.count == 5 || (words.count == 6 && words[5] == "spoof"),
              let transport = HostService.Transport(rawValue: String(words[1])), let target = IPv4Address(words[2]),
              let port = UInt16(words[3]), port > 0, let count = Int(words[4]), counts.contains(count) else { return nil }
        return LabFlood(transport: transport, target: target, port: port, count: count, spoof: words.count == 6, now: now)
    }

    static let usage = "usage: flood tcp|udp ADDRESS PORT COUNT [spoof] (COUNT 1-1000000; \(rate) packets a second)"

    /// The batches due by `now` (none while `ready` is false: the next hop is not resolved yet, so
    /// nothing would be queued behind ARP; the batch waits an interval).
    mutating func due(now: Duration, ready: Bool, random: inout SeededGenerator) -> [Packet] {
        var packets: [Packet] = []
        while deadline <= now, !isDone {
            deadline += LabFlood.interval
            guard ready else { continue }
            for _ in 0..<min(LabFlood.batch, count - sent) {
                packets.append(Packet(source: spoof ? LabFlood.randomUnicast(&random) : nil,
                                      sourcePort: UInt16.random(in: 1024...65535, using: &random),
                                      sequence: UInt32(truncatingIfNeeded: random.next())))
                sent += 1
            }
        }
        return packets
    }

    /// An address from 1.0.0.0 to 223.255.255.254 outside 127.0.0.0/8: what a spoofing flood claims to come from.
    private static func randomUnicast(_ random: inout SeededGenerator) -> IPv4Address {
        while true {
            let value = UInt32(truncatingIfNeeded: random.next())
            let first = value >> 24
            guard (1...223).contains(first), first != 127, value & 0xFF != 0, value & 0xFF != 0xFF else { continue }
            return IPv4Address(value)
        }
    }
}
