import NIOCore
import Wire

/// Fragments addressed to the router, put back together (RFC 791, RFC 815): the peer's L2TPv3
/// packets arrive in two pieces when they carry a full-size frame. Incomplete packets are
/// forgotten after `timeout`; at most `limit` are held at once, and a new one pushes out the
/// oldest: under loss, refusing new packets until old ones time out would stall the tunnel.
struct IPv4Reassembly {
    static let timeout: Duration = .seconds(30)
    static let limit = 64

    private struct Key: Hashable {
        var source: IPv4Address
        var destination: IPv4Address
        var proto: UInt8
        var identification: UInt16
    }

    private struct Pending {
        var started: Duration
        var first: IPv4Header?
        var totalLength: Int?
        /// Payload pieces by their byte offset in the original payload.
        var pieces: [Int: ByteBuffer] = [:]
    }

    private var pending: [Key: Pending] = [:]

    enum Result {
        /// Held until the rest arrives; `evictedOldest` when another incomplete packet made room.
        case incomplete(evictedOldest: Bool)
        case whole(ByteBuffer, IPv4Header)
        /// The pieces add up to more than an IPv4 packet can hold.
        case oversize
    }

    /// `payload`: the fragment's data after its header.
    mutating func add(_ payload: ByteBuffer, header: IPv4Header, now: Duration) -> Result {
        if pending.values.contains(where: { now - $0.started >= IPv4Reassembly.timeout }) {
            pending = pending.filter { now - $0.value.started < IPv4Reassembly.timeout }
        }
        let key = Key(source: header.source, destination: header.destination, proto: header.protocol,
                      identification: header.identification)
        var evicted = false
        if pending[key] == nil, pending.count >= IPv4Reassembly.limit,
           let oldest = pending.min(by: { $0.value.started < $1.value.started })?.key {
            pending[oldest] = nil
            evicted = true
        }
        var entry = pending[key] ?? Pending(started: now)
        let offset = Int(header.flagsAndFragmentOffset & 0x1FFF) * 8
        if offset == 0 { entry.first = header }
        if header.flagsAndFragmentOffset & IPv4Header.moreFragmentsFlag == 0 {
            entry.totalLength = offset + payload.readableBytes
        }
        entry.pieces[offset] = payload
        guard let first = entry.first, let total = entry.totalLength, let data = Self.join(entry.pieces, total: total) else {
            pending[key] = entry
            return .incomplete(evictedOldest: evicted)
        }
        pending[key] = nil
        var whole = first
        whole.flagsAndFragmentOffset &= IPv4Header.dontFragmentFlag
        guard whole.headerLength + total <= Int(UInt16.max) else { return .oversize }
        whole.totalLength = UInt16(whole.headerLength + total)
        var buffer = ByteBufferAllocator().buffer(capacity: Int(whole.totalLength))
        whole.write(to: &buffer)
        var body = data
        buffer.writeBuffer(&body)
        return .whole(buffer, whole)
    }

    /// The payload when the pieces cover 0..<total without a gap (overlaps: the earlier piece wins).
    private static func join(_ pieces: [Int: ByteBuffer], total: Int) -> ByteBuffer? {
        var data = ByteBufferAllocator().buffer(capacity: total)
        for (offset, piece) in pieces.sorted(by: { $0.key < $1.key }) {
            guard offset <= data.writerIndex else { return nil }
            let skip = data.writerIndex - offset
            guard skip < piece.readableBytes, data.writerIndex < total else { continue }
            guard let rest = piece.getSlice(at: piece.readerIndex + skip, length: min(piece.readableBytes - skip, total - data.writerIndex)) else {
                return nil
            }
            data.writeImmutableBuffer(rest)
        }
        return data.writerIndex == total ? data : nil
    }
}
