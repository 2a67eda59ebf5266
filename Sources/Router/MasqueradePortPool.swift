import DequeModule

/// The outer ports of one masquerade, a free list per protocol: a port is taken and given back in
/// O(1), however full the table. Ports go out in the order of `nat descriptor masquerade port
/// range` (the first range first, as an RTX uses them), and come back at the end of the list.
struct MasqueradePortPool {
    let ranges: [ClosedRange<UInt16>]
    /// Outer ports never handed out, per protocol: the static entries'.
    private let reserved: [UInt8: Set<UInt16>]
    /// Ports sessions held when the pool was made (a config change): left out until they are given back.
    private let inUse: [UInt8: Set<UInt16>]
    private var free: [UInt8: Deque<UInt16>] = [:]

    init(ranges: [ClosedRange<UInt16>], reserved: [UInt8: Set<UInt16>], inUse: [UInt8: Set<UInt16>] = [:]) {
        self.ranges = ranges
        self.reserved = reserved
        self.inUse = inUse
    }

    /// Ports a protocol may use at most.
    func size(of proto: UInt8) -> Int {
        let staticInRange = (reserved[proto] ?? []).filter { port in ranges.contains { $0.contains(port) } }.count
        return ranges.reduce(0) { $0 + $1.count } - staticInRange
    }

    mutating func take(_ proto: UInt8) -> UInt16? {
        build(proto)
        return free[proto]?.popFirst()
    }

    mutating func give(_ port: UInt16, _ proto: UInt8) {
        guard ranges.contains(where: { $0.contains(port) }), !(reserved[proto]?.contains(port) ?? false) else { return }
        build(proto)
        free[proto]?.append(port)
    }

    /// A protocol's list is made on first use: a descriptor that never sees ICMP never holds its 20,000 ports.
    private mutating func build(_ proto: UInt8) {
        guard free[proto] == nil else { return }
        let skip = (reserved[proto] ?? []).union(inUse[proto] ?? [])
        free[proto] = Deque(ranges.joined().filter { !skip.contains($0) })
    }
}
