import NIOCore
import Wire

/// ARP on one routed lab port: the MACs of next hops, packets waiting for an answer, and the
/// requests to repeat (three, a second apart, then the waiting packets are dropped). Bounded: a
/// full table forgets its oldest entry, and a next hop holds at most `waitingLimit` packets.
struct LabNeighbors {
    static let capacity = 256
    static let waitingLimit = 8
    static let retry: Duration = .seconds(1)
    static let attempts = 3

    private var table: [IPv4Address: (mac: MACAddress, learned: Duration)] = [:]
    private var resolving: [IPv4Address: (retryAt: Duration, sent: Int, packets: [ByteBuffer])] = [:]

    var nextDeadline: Duration? { resolving.values.map(\.retryAt).min() }

    func mac(of address: IPv4Address) -> MACAddress? { table[address]?.mac }

    /// Learns `mac` for `address`; returns the packets that waited for it.
    mutating func learn(_ address: IPv4Address, is mac: MACAddress, now: Duration) -> [ByteBuffer] {
        if table[address] == nil, table.count >= LabNeighbors.capacity,
           let oldest = table.min(by: { $0.value.learned < $1.value.learned })?.key {
            table[oldest] = nil
        }
        table[address] = (mac, now)
        return resolving.removeValue(forKey: address)?.packets ?? []
    }

    /// Holds `packet` for `hop`; returns true when a request must go out now (the first for that hop).
    /// False with `dropped` set when the hop already holds its limit or too many hops are asked for.
    mutating func hold(_ packet: ByteBuffer, for hop: IPv4Address, now: Duration) -> (ask: Bool, dropped: Bool) {
        if var pending = resolving[hop] {
            guard pending.packets.count < LabNeighbors.waitingLimit else { return (false, true) }
            pending.packets.append(packet.compacted())
            resolving[hop] = pending
            return (false, false)
        }
        guard resolving.count < LabNeighbors.capacity else { return (false, true) }
        resolving[hop] = (now + LabNeighbors.retry, 1, [packet.compacted()])
        return (true, false)
    }

    /// Next hops to ask again now, and how many packets were given up on.
    mutating func due(now: Duration) -> (ask: [IPv4Address], givenUp: Int) {
        var ask: [IPv4Address] = []
        var givenUp = 0
        for (hop, pending) in resolving.sorted(by: { $0.key < $1.key }) where pending.retryAt <= now {
            if pending.sent >= LabNeighbors.attempts {
                givenUp += pending.packets.count
                resolving[hop] = nil
            } else {
                resolving[hop] = (now + LabNeighbors.retry, pending.sent + 1, pending.packets)
                ask.append(hop)
            }
        }
        return (ask, givenUp)
    }

    mutating func forgetAll() {
        table.removeAll()
        resolving.removeAll()
    }
}
