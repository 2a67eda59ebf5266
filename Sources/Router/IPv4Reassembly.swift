import DequeModule
import NIOCore
import Wire

/// Fragments addressed to the router, put back together (RFC 791, RFC 815): the peer's L2TPv3
/// packets arrive in two pieces when they carry a full-size frame. Hardened as Linux was after
/// FragmentSmack (CVE-2018-5391): all incomplete datagrams share a memory budget and the oldest go
/// first when it is spent; a datagram holds a bounded number of fragments, kept in offset order and
/// found by binary search; any overlap drops the whole datagram; and incomplete datagrams are freed
/// after `timeout` by the router's timer, not only when the next fragment comes.
struct IPv4Reassembly {
    static let timeout: Duration = .seconds(30)
    /// Linux's `ipfrag_high_thresh`.
    static let budget = 4 * 1024 * 1024
    /// Fragments one datagram may hold: a 64 KiB datagram in 1 KiB pieces. Tiny-fragment trains
    /// (8,191 eight-byte pieces) are an attack, never a sender's choice.
    static let maximumFragments = 64
    /// What a held fragment or datagram costs beyond its bytes (its buffer and bookkeeping), as Linux
    /// charges an skb's truesize: a train of tiny fragments spends the budget as it spends memory.
    static let overhead = 256

    private struct Key: Hashable {
        var source: IPv4Address
        var destination: IPv4Address
        var proto: UInt8
        var identification: UInt16
    }

    private struct Piece {
        var offset: Int
        var data: ByteBuffer
        var end: Int { offset + data.readableBytes }
    }

    private struct Pending {
        let serial: Int
        let started: Duration
        var first: IPv4Header?
        var totalLength: Int?
        /// In offset order, never overlapping.
        var pieces: [Piece] = []
        var received = 0
        /// Bytes charged to the budget.
        var charge = 0
    }

    private var pending: [Key: Pending] = [:]
    /// Datagrams in the order they started (oldest first); an entry whose serial no longer matches is stale.
    private var order = Deque<(key: Key, serial: Int)>()
    private var nextSerial = 0
    /// Bytes charged to the budget by all incomplete datagrams.
    private(set) var used = 0
    var datagrams: Int { pending.count }

    enum Result: Equatable {
        case incomplete
        case whole(ByteBuffer, IPv4Header)
        /// The fragment was refused; with `.fragmentOverlap`, `.reassemblyTooManyFragments` and
        /// `.reassemblyOversize` its whole datagram went with it.
        case dropped(DropReason)
    }

    /// `payload`: the fragment's data after its header. `evicted`: datagrams pushed out of the budget.
    /// The caller expires old datagrams first (`expire`).
    mutating func add(_ payload: ByteBuffer, header: IPv4Header, now: Duration) -> (result: Result, evicted: Int) {
        let key = Key(source: header.source, destination: header.destination, proto: header.protocol,
                      identification: header.identification)
        let offset = Int(header.flagsAndFragmentOffset & 0x1FFF) * 8
        let length = payload.readableBytes
        let end = offset + length
        let isLast = header.flagsAndFragmentOffset & IPv4Header.moreFragmentsFlag == 0
        // RFC 791: every fragment but the last carries a multiple of 8 bytes, and none is empty.
        guard length > 0, isLast || length % 8 == 0 else { return (.dropped(.fragmentMalformed), 0) }
        guard header.headerLength + end <= Int(UInt16.max) else {
            remove(key)
            return (.dropped(.reassemblyOversize), 0)
        }

        let isNew = pending[key] == nil
        var entry = pending[key] ?? Pending(serial: nextSerial, started: now)
        // The last fragment fixes the length; nothing may end beyond it, and it may not move.
        if isLast {
            guard entry.totalLength.map({ $0 == end }) ?? true, (entry.pieces.last?.end ?? 0) <= end else {
                remove(key)
                return (.dropped(.fragmentOverlap), 0)
            }
        } else if let total = entry.totalLength, end > total {
            remove(key)
            return (.dropped(.fragmentOverlap), 0)
        }
        let index = Self.insertionIndex(of: offset, in: entry.pieces)
        // A retransmitted copy of a piece already held is harmless: only it is dropped (as Linux does).
        if index < entry.pieces.count, entry.pieces[index].offset == offset, entry.pieces[index].end == end {
            return (.dropped(.fragmentDuplicate), 0)
        }
        if (index > 0 && entry.pieces[index - 1].end > offset) || (index < entry.pieces.count && entry.pieces[index].offset < end) {
            remove(key)
            return (.dropped(.fragmentOverlap), 0)
        }
        guard entry.pieces.count < Self.maximumFragments else {
            remove(key)
            return (.dropped(.reassemblyTooManyFragments), 0)
        }

        // Room in the budget: the oldest incomplete datagrams go first, this one's own included.
        let charge = length + Self.overhead + (isNew ? Self.overhead : 0)
        var evicted = 0
        while used + charge > Self.budget, let oldest = oldestKey() {
            remove(oldest)
            evicted += 1
            if oldest == key { return (.dropped(.reassemblyBudget), evicted) }
        }
        if isNew {
            nextSerial += 1
            order.append((key, entry.serial))
        }
        entry.pieces.insert(Piece(offset: offset, data: payload.compacted()), at: index)
        entry.received += length
        entry.charge += charge
        used += charge
        if offset == 0 { entry.first = header }
        if isLast { entry.totalLength = end }
        pending[key] = entry

        // No overlaps, so the pieces cover 0..<total exactly when their lengths add up to it.
        guard let first = entry.first, let total = entry.totalLength, entry.received == total else {
            return (.incomplete, evicted)
        }
        remove(key)
        // The first fragment's header may carry options the one that set the end did not.
        guard first.headerLength + total <= Int(UInt16.max) else { return (.dropped(.reassemblyOversize), evicted) }
        var whole = first
        whole.flagsAndFragmentOffset &= IPv4Header.dontFragmentFlag
        whole.totalLength = UInt16(whole.headerLength + total)
        var buffer = ByteBufferAllocator().buffer(capacity: Int(whole.totalLength))
        whole.write(to: &buffer)
        for piece in entry.pieces { buffer.writeImmutableBuffer(piece.data) }
        return (.whole(buffer, whole), evicted)
    }

    /// Frees every datagram that has waited `timeout`; returns how many.
    @discardableResult
    mutating func expire(now: Duration) -> Int {
        var expired = 0
        while let oldest = oldestKey(), let entry = pending[oldest], now - entry.started >= Self.timeout {
            remove(oldest)
            expired += 1
        }
        return expired
    }

    /// When the oldest incomplete datagram times out.
    var nextDeadline: Duration? {
        for (key, serial) in order {
            if let entry = pending[key], entry.serial == serial { return entry.started + Self.timeout }
        }
        return nil
    }

    private mutating func oldestKey() -> Key? {
        while let (key, serial) = order.first {
            if pending[key]?.serial == serial { return key }
            order.removeFirst()
        }
        return nil
    }

    private mutating func remove(_ key: Key) {
        guard let entry = pending.removeValue(forKey: key) else { return }
        used -= entry.charge
        // Completed and refused datagrams leave stale entries behind a long-lived oldest one: compact
        // when they outnumber the live ones, so the order stays as small as the table.
        if order.count > 2 * pending.count + 64 {
            order = Deque(order.filter { pending[$0.key]?.serial == $0.serial })
        }
    }

    /// The index of the first piece starting at or after `offset`.
    private static func insertionIndex(of offset: Int, in pieces: [Piece]) -> Int {
        var low = 0, high = pieces.count
        while low < high {
            let mid = (low + high) / 2
            if pieces[mid].offset < offset { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
