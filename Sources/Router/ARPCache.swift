import NIOCore
import Wire

/// The ARP table of all IP interfaces, and the packets waiting for an address to resolve. Both are
/// bounded as Linux bounds its neighbour table (`gc_thresh3`): a new mapping is refused while the
/// table is full of live ones, and a new resolution while `pendingLimit` are in progress.
struct ARPCache {
    struct Key: Hashable {
        var interface: String
        var address: IPv4Address
    }

    struct Entry {
        var mac: MACAddress
        var expires: Duration
    }

    /// A resolution in progress: requests sent so far and the packets it holds.
    struct Pending {
        var packets: [ByteBuffer] = []
        var nextRequest: Duration
        var requestsSent = 0
    }

    static let requestInterval: Duration = .seconds(1)
    static let maxRequests = 3
    static let maxQueued = 8
    static let limit = 1024
    static let pendingLimit = 256
    /// How often a full table is swept for expired entries.
    static let sweepInterval: Duration = .seconds(1)

    var timeout: Duration = .seconds(1200)
    /// Changes whenever a mapping appears, changes or goes: what caches of resolved next hops check.
    private(set) var generation = 0
    private(set) var entries: [Key: Entry] = [:]
    private(set) var pending: [Key: Pending] = [:]
    /// Mappings refused for want of room (a refused resolution is a dropped packet, counted by the router).
    private(set) var refused = 0
    private var nextSweep: Duration = .zero

    func lookup(_ key: Key, now: Duration) -> MACAddress? {
        guard let e = entries[key], e.expires > now else { return nil }
        return e.mac
    }

    /// Learns or refreshes a mapping; returns the packets that were waiting for it.
    mutating func learn(_ key: Key, mac: MACAddress, now: Duration) -> [ByteBuffer] {
        if entries[key] == nil, entries.count >= ARPCache.limit {
            if now >= nextSweep {
                nextSweep = now + ARPCache.sweepInterval
                removeExpired(now: now)
            }
            guard entries.count < ARPCache.limit else {
                refused += 1
                return []
            }
        }
        if entries[key]?.mac != mac { generation &+= 1 }
        entries[key] = Entry(mac: mac, expires: now + timeout)
        return pending.removeValue(forKey: key)?.packets ?? []
    }

    /// Refreshes an entry that already exists (RFC 826: update, but don't add, for requests not aimed at us).
    mutating func refreshIfPresent(_ key: Key, mac: MACAddress, now: Duration) -> [ByteBuffer] {
        guard entries[key] != nil || pending[key] != nil else { return [] }
        return learn(key, mac: mac, now: now)
    }

    /// Queues a packet for an unresolved address. Returns true when a request should go out now.
    mutating func enqueue(_ packet: ByteBuffer, for key: Key, now: Duration) -> (requestNow: Bool, dropped: DropReason?) {
        if var p = pending[key] {
            guard p.packets.count < ARPCache.maxQueued else { return (false, .arpQueueFull) }
            p.packets.append(packet.compacted())
            pending[key] = p
            return (false, nil)
        }
        guard pending.count < ARPCache.pendingLimit else { return (false, .arpResolutionsFull) }
        pending[key] = Pending(packets: [packet.compacted()], nextRequest: now + ARPCache.requestInterval, requestsSent: 1)
        return (true, nil)
    }

    /// Resolutions due for another request, and those that gave up (with their packets).
    mutating func due(now: Duration) -> (retry: [Key], failed: [(Key, [ByteBuffer])]) {
        var retry: [Key] = []
        var failed: [(Key, [ByteBuffer])] = []
        for (key, p) in pending where p.nextRequest <= now {
            if p.requestsSent >= ARPCache.maxRequests {
                failed.append((key, p.packets))
                pending[key] = nil
            } else {
                pending[key]?.requestsSent += 1
                pending[key]?.nextRequest = now + ARPCache.requestInterval
                retry.append(key)
            }
        }
        return (retry.sorted { ($0.interface, $0.address) < ($1.interface, $1.address) }, failed)
    }

    var nextDeadline: Duration? { pending.values.map(\.nextRequest).min() }

    mutating func removeExpired(now: Duration) {
        entries = entries.filter { $0.value.expires > now }
        generation &+= 1
    }

    mutating func clear() {
        entries.removeAll()
        generation &+= 1
    }

    mutating func forget(interface: String) {
        generation &+= 1
        entries = entries.filter { $0.key.interface != interface }
        pending = pending.filter { $0.key.interface != interface }
    }
}
