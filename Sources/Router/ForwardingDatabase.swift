import Wire

/// A bridge's learned MAC addresses: which member port each was last seen on. Bounded as a switch's
/// table is: entries age out after `agingTime`, at most `limit` are held, and one member may hold
/// at most `memberLimit`, so a flood of random source addresses on one port (a LAN host, or the
/// far site through the tunnel) cannot push out the other's. A station the table has no room for
/// is not learned: frames to it are flooded, as to any unknown address.
struct ForwardingDatabase {
    struct Entry {
        var member: String
        var expires: Duration
    }

    static let limit = 4096
    static let memberLimit = 2048
    /// How often aged entries are swept out (they are ignored from the moment they age).
    static let sweepInterval: Duration = .seconds(10)

    var agingTime: Duration = .seconds(300)
    private(set) var entries: [MACAddress: Entry] = [:]
    private(set) var perMember: [String: Int] = [:]
    /// Stations not learned for want of room.
    private(set) var refused = 0
    private var nextSweep: Duration = .zero

    mutating func learn(_ mac: MACAddress, on member: String, now: Duration) {
        guard !mac.isGroup else { return }
        if now >= nextSweep { sweep(now: now) }
        // The common case, a known station on the same port: refresh in place.
        if let index = entries.index(forKey: mac), entries.values[index].member == member {
            entries.values[index].expires = now + agingTime
            return
        }
        if let moved = entries.removeValue(forKey: mac) { perMember[moved.member, default: 1] -= 1 }
        guard entries.count < Self.limit, perMember[member, default: 0] < Self.memberLimit else {
            refused += 1
            return
        }
        entries[mac] = Entry(member: member, expires: now + agingTime)
        perMember[member, default: 0] += 1
    }

    func member(for mac: MACAddress, now: Duration) -> String? {
        guard let e = entries[mac], e.expires > now else { return nil }
        return e.member
    }

    mutating func forget(member: String) {
        entries = entries.filter { $0.value.member != member }
        perMember[member] = nil
    }

    private mutating func sweep(now: Duration) {
        nextSweep = now + Self.sweepInterval
        guard entries.values.contains(where: { $0.expires <= now }) else { return }
        entries = entries.filter { $0.value.expires > now }
        perMember = [:]
        for entry in entries.values { perMember[entry.member, default: 0] += 1 }
    }
}
