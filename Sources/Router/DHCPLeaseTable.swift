import DequeModule
import HeapModule
import Wire

/// The DHCP server's addresses, indexed so each message costs O(log n) however large the scope: by
/// client, by the time each offer or binding lapses, and per scope the lowest address never leased
/// and the lowest freed one.
struct DHCPLeaseTable {
    /// How a client is told apart (RFC 2131 4.2): its client identifier when it sends one and the mode
    /// uses it, else chaddr. A lease is filed under both.
    enum ClientKey: Hashable {
        case mac(MACAddress)
        case identifier([UInt8])
    }

    private struct Due: Comparable {
        var expiry: Duration
        var address: IPv4Address
        static func < (a: Due, b: Due) -> Bool { (a.expiry, a.address) < (b.expiry, b.address) }
    }

    /// Per scope: candidates for the next offer.
    private struct Pool {
        /// Addresses below it have been looked at; from it up none has been in the table.
        var cursor: UInt32
        /// Addresses that left the table (and so are never-leased again), lowest first; checked when taken.
        var returned = Heap<IPv4Address>()
        /// Addresses in `.free` state, lowest first; checked when taken.
        var freed = Heap<IPv4Address>()
        /// Offers in the order they were made, to take back the oldest when nothing else is left.
        var offers = Deque<Due>()
    }

    private(set) var table: [IPv4Address: DHCPLease] = [:]
    /// Changes whenever a binding appears, changes or goes: what a driver that keeps bindings watches.
    private(set) var bindingsVersion = 0
    private var byClient: [ClientKey: Set<IPv4Address>] = [:]
    /// Offers, bindings and declines by when they lapse; an entry no longer matching the table is stale.
    private var lapses = Heap<Due>()
    private var pools: [Int: Pool] = [:]
    private var scopes: [DHCPServer.Scope] = []

    subscript(address: IPv4Address) -> DHCPLease? { table[address] }

    /// New scopes: their pools are made again from the table as it stands.
    mutating func setScopes(_ scopes: [DHCPServer.Scope]) {
        self.scopes = scopes
        pools = [:]
        for scope in scopes {
            var pool = Pool(cursor: scope.range.lowerBound.value)
            for (address, lease) in table where scope.range.contains(address) && lease.state == .free { pool.freed.insert(address) }
            pools[scope.id] = pool
        }
    }

    /// Stores a lease (a new state or expiry for its address included).
    mutating func set(_ lease: DHCPLease) {
        if lease.state == .bound || table[lease.address]?.state == .bound { bindingsVersion &+= 1 }
        if let old = table[lease.address] { unindex(old) }
        table[lease.address] = lease
        for key in Self.keys(of: lease) { byClient[key, default: []].insert(lease.address) }
        // Renewals and lapses leave stale entries behind: rebuild when they outnumber the live ones.
        if lapses.count > 2 * table.count + 64 {
            lapses = Heap(table.values.filter { $0.state != .free }.map { Due(expiry: $0.expiry, address: $0.address) })
        }
        switch lease.state {
        case .free:
            for scope in scopes where scope.range.contains(lease.address) {
                pools[scope.id]?.freed.insert(lease.address)
                if let pool = pools[scope.id], pool.freed.count > 2 * table.count + 64 {
                    pools[scope.id]?.freed = Heap(table.values.filter { $0.state == .free && scope.range.contains($0.address) }.map(\.address))
                }
            }
        case .offered:
            lapses.insert(Due(expiry: lease.expiry, address: lease.address))
            for scope in scopes where scope.range.contains(lease.address) {
                pools[scope.id]?.offers.append(Due(expiry: lease.expiry, address: lease.address))
                if let pool = pools[scope.id], pool.offers.count > 2 * table.count + 64 { compactOffers(scope.id) }
            }
        case .bound, .declined:
            lapses.insert(Due(expiry: lease.expiry, address: lease.address))
        }
        pruneLapses()
    }

    /// Drops stale entries from the top, so `nextDeadline` is exact.
    private mutating func pruneLapses() {
        while let top = lapses.min {
            if let lease = table[top.address], lease.state != .free, lease.expiry == top.expiry { return }
            _ = lapses.popMin()
        }
    }

    mutating func remove(_ address: IPv4Address) {
        guard let old = table.removeValue(forKey: address) else { return }
        if old.state == .bound { bindingsVersion &+= 1 }
        unindex(old)
        pruneLapses()
        for scope in scopes where scope.range.contains(address) { pools[scope.id]?.returned.insert(address) }
    }

    /// The client's offered, bound or remembered address in this scope (a declined one is not its).
    func record(of client: ClientKey, in scope: DHCPServer.Scope) -> DHCPLease? {
        (byClient[client] ?? []).compactMap { table[$0] }
            .filter { $0.state != .declined && scope.canAssign($0.address) }
            .min { $0.address < $1.address }
    }

    /// Every address the client holds in the scope (at most a few).
    func addresses(of client: ClientKey) -> Set<IPv4Address> { byClient[client] ?? [] }

    /// The lowest never-leased address, else the lowest one freed by someone else.
    mutating func lowestFree(in scope: DHCPServer.Scope) -> IPv4Address? {
        guard var pool = pools[scope.id] else { return nil }
        defer { pools[scope.id] = pool }
        while let top = pool.returned.min, table[top] != nil || !scope.canAssign(top) { _ = pool.returned.popMin() }
        while pool.cursor <= scope.range.upperBound.value,
              table[IPv4Address(pool.cursor)] != nil || !scope.canAssign(IPv4Address(pool.cursor)) {
            pool.cursor += 1
        }
        let fresh = pool.cursor <= scope.range.upperBound.value ? IPv4Address(pool.cursor) : nil
        if let returned = pool.returned.min { return fresh.map { min($0, returned) } ?? returned }
        if let fresh { return fresh }
        while let top = pool.freed.min, table[top]?.state != .free || !scope.canAssign(top) { _ = pool.freed.popMin() }
        return pool.freed.min
    }

    /// The scope's oldest offer still waiting for its REQUEST: taken back when no address is left, so a
    /// flood of DISCOVERs from made-up clients cannot hold the whole scope.
    mutating func oldestOffer(in scope: DHCPServer.Scope) -> IPv4Address? {
        while let first = pools[scope.id]?.offers.first {
            if let lease = table[first.address], lease.state == .offered, lease.expiry == first.expiry { return first.address }
            pools[scope.id]?.offers.removeFirst()
        }
        return nil
    }

    /// Lapses what is due by `now`: offers and bindings become free (remembered for their client), declined
    /// addresses leave the table.
    mutating func expire(now: Duration) {
        while let top = lapses.min, top.expiry <= now {
            _ = lapses.popMin()
            guard var lease = table[top.address], lease.state != .free, lease.expiry == top.expiry else { continue }
            if lease.state == .declined {
                remove(top.address)
            } else {
                lease.state = .free
                set(lease)
            }
        }
    }

    /// When `expire` next has something to do.
    var nextDeadline: Duration? { lapses.min?.expiry }

    private mutating func unindex(_ lease: DHCPLease) {
        for key in Self.keys(of: lease) {
            byClient[key]?.remove(lease.address)
            if byClient[key]?.isEmpty == true { byClient[key] = nil }
        }
    }

    private mutating func compactOffers(_ scopeID: Int) {
        guard let offers = pools[scopeID]?.offers else { return }
        pools[scopeID]?.offers = Deque(offers.filter { table[$0.address]?.state == .offered && table[$0.address]?.expiry == $0.expiry })
    }

    private static func keys(of lease: DHCPLease) -> [ClientKey] {
        [.mac(lease.mac)] + (lease.clientIdentifier.map { [.identifier($0)] } ?? [])
    }
}
