import Wire

/// A bridge's learned MAC addresses: which member port each was last seen on.
struct ForwardingDatabase {
    struct Entry {
        var member: String
        var expires: Duration
    }

    var agingTime: Duration = .seconds(300)
    private(set) var entries: [MACAddress: Entry] = [:]

    mutating func learn(_ mac: MACAddress, on member: String, now: Duration) {
        guard !mac.isGroup else { return }
        entries[mac] = Entry(member: member, expires: now + agingTime)
    }

    func member(for mac: MACAddress, now: Duration) -> String? {
        guard let e = entries[mac], e.expires > now else { return nil }
        return e.member
    }

    mutating func forget(member: String) { entries = entries.filter { $0.value.member != member } }
}
