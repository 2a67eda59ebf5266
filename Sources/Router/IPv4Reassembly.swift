import NIOCore
import Wire

/// Fragments addressed to the router, put back together (RFC 791, RFC 815): the peer's L2TPv3
/// packets arrive in two pieces when they carry a full-size frame. Incomplete packets are
/// forgotten after `timeout`; at most `limit` are held at once.
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
        case incomplete
        case whole(ByteBuffer, IPv4Header)
        case dropped
    }

    mutating func add(_ packet: ByteBuffer, header: IPv4Header, now: Duration) -> Result {
        pending = pending.filter { now - $0.value.started < IPv4Reassembly.timeout }
        guard let (_, payload) = try? IPv4Header.parse(packet) else { return .dropped }
        let key = Key(source: header.source, destination: header.destination, proto: header.protocol,
                      identification: header.identification)
        guard pending[key] != nil || pending.count < IPv4Reassembly.limit else { return .dropped }
        var entry = pending[key] ?? Pending(started: now)
        let offset = Int(header.flagsAndFragmentOffset & 0x1FFF) * 8
        if offset == 0 { entry.first = header }
        if header.flagsAndFragmentOffset & IPv4Header.moreFragmentsFlag == 0 {
            entry.totalLength = offset + payload.readableBytes
        }
        entry.pieces[offset] = payload
        guard let first = entry.first, let total = entry.totalLength, let data = Self.join(entry.pieces, total: total) else {
            pending[key] = entry
            return .incomplete
        }
        pending[key] = nil
        var whole = first
        whole.flagsAndFragmentOffset &= IPv4Header.dontFragmentFlag
        guard whole.headerLength + total <= Int(UInt16.max) else { return .dropped }
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
