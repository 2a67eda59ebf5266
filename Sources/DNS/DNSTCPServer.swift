import NIOCore
import Wire

/// DNS over TCP (RFC 7766) on the router's port 53, for clients that retry over TCP after a TC
/// answer. The router has no TCP stack, so this is the least TCP that carries DNS, sans-IO: the
/// three-way handshake, in-order data only (anything else gets a duplicate ACK), two-byte length
/// prefixed messages in both directions, go-back-N retransmission, FIN and RST. Segments of at most
/// 536 bytes (the default MSS, RFC 9293 3.7.1: no options are read or sent), no window scaling.
/// Bounded: `limit` connections, each closed with an RST after `idleTimeout` without a segment.
public struct DNSTCPServer: Sendable {
    /// One end of a connection: the client's address and port, and the router's address it called.
    public struct Peer: Hashable, Sendable {
        public var address: IPv4Address
        public var port: UInt16
        public var local: IPv4Address

        public init(address: IPv4Address, port: UInt16, local: IPv4Address) {
            self.address = address
            self.port = port
            self.local = local
        }
    }

    public enum Output: Sendable {
        /// A TCP segment (header and data, checksummed) from `peer.local` port 53 to the peer.
        case segment(ByteBuffer, to: Peer)
        /// A whole DNS message the peer sent.
        case query(ByteBuffer, from: Peer)
        case drop(DropReason)
    }

    struct Connection: Sendable {
        var synAcked = false
        /// Sequence number of `outgoing[0]`; before the handshake completes, of our SYN.
        var outgoingSeq: UInt32
        /// Bytes sent and not acknowledged, then bytes not yet sent.
        var outgoing: [UInt8] = []
        /// How many bytes of `outgoing` are in flight.
        var inFlight = 0
        var rcvNxt: UInt32
        var peerWindow: Int
        /// Stream bytes that do not make a whole message yet.
        var received: [UInt8] = []
        var finReceived = false
        /// Our FIN, sent after the last answer once the peer's FIN came and no answer is owed.
        var finQueued = false
        var finSent = false
        /// Queries taken off the stream and not answered yet.
        var owed = 0
        /// When what is in flight (SYN-ACK, data, FIN) is sent again; nil with nothing in flight.
        var retransmitAt: Duration?
        var retries = 0
        var idleUntil: Duration
    }

    private(set) var connections: [Peer: Connection] = [:]
    public let limit: Int
    public private(set) var accepted = 0
    public private(set) var resets = 0

    public static let defaultLimit = 32
    public static let segmentSize = 536
    /// RFC 7766 6.2.3 asks for an idle timeout "on the order of seconds".
    public static let idleTimeout: Duration = .seconds(10)
    public static let retransmitTimeout: Duration = .seconds(1)
    public static let retransmissions = 5
    /// Answers waiting for a peer that does not acknowledge them, per connection.
    public static let sendBufferLimit = 128 * 1024
    static let window: UInt16 = 65535

    public init(limit: Int = DNSTCPServer.defaultLimit) { self.limit = limit }

    public var count: Int { connections.count }

    public var nextDeadline: Duration? {
        connections.values.map { c in c.retransmitAt.map { min($0, c.idleUntil) } ?? c.idleUntil }.min()
    }

    // MARK: Segments from peers

    public mutating func segment(_ header: TCPHeader, payload: ByteBuffer, from peer: Peer, now: Duration,
                                 random: inout some RandomNumberGenerator) -> [Output] {
        guard var c = connections[peer] else { return opening(header, payload: payload, from: peer, now: now, random: &random) }
        if header.isRST {
            connections[peer] = nil
            return []
        }
        if header.isSYN {
            // The same SYN again: our SYN-ACK was lost.
            guard !c.synAcked, header.sequence &+ 1 == c.rcvNxt else { return [.drop(.dnsTCPOutOfOrder)] }
            c.retransmitAt = nil
            let out = transmit(&c, peer, now: now)
            connections[peer] = c
            return out
        }
        c.idleUntil = now + DNSTCPServer.idleTimeout
        if header.isACK, acknowledge(&c, header.acknowledgment, window: Int(header.window), now: now) {
            // Our FIN is acknowledged: the connection is over.
            connections[peer] = nil
            return []
        }
        var queries: [Output] = []
        let length = payload.readableBytes
        if length > 0 || (header.isFIN && !c.finReceived) {
            guard c.synAcked, header.sequence == c.rcvNxt else {
                connections[peer] = c
                return [.drop(.dnsTCPOutOfOrder), .segment(acknowledgment(peer, c), to: peer)]
            }
            c.received += payload.readableBytesView
            c.rcvNxt &+= UInt32(length)
            if header.isFIN {
                c.finReceived = true
                c.rcvNxt &+= 1
            }
            while c.received.count >= 2 {
                let size = Int(c.received[0]) << 8 | Int(c.received[1])
                guard c.received.count >= 2 + size else { break }
                var message = ByteBufferAllocator().buffer(capacity: size)
                message.writeBytes(c.received[2..<(2 + size)])
                c.received.removeFirst(2 + size)
                c.owed += 1
                queries.append(.query(message, from: peer))
            }
            if c.finReceived, c.owed == 0 { c.finQueued = true }
            let sent = transmit(&c, peer, now: now)
            connections[peer] = c
            // Data or a FIN is acknowledged at once, by what goes out or alone, before any answer.
            return (sent.isEmpty ? [.segment(acknowledgment(peer, c), to: peer)] : sent) + queries
        }
        let out = transmit(&c, peer, now: now)
        connections[peer] = c
        return out
    }

    /// A segment for no connection: a SYN opens one (if there is room); anything else but an RST
    /// gets an RST (RFC 9293 3.10.7.1).
    private mutating func opening(_ header: TCPHeader, payload: ByteBuffer, from peer: Peer, now: Duration,
                                  random: inout some RandomNumberGenerator) -> [Output] {
        if header.isRST { return [] }
        guard header.isSYN, !header.isACK else {
            resets += 1
            let reset = header.isACK
                ? make(peer, seq: header.acknowledgment, ack: 0, flags: TCPHeader.rst)
                : make(peer, seq: 0, ack: header.sequence &+ UInt32(payload.readableBytes) &+ (header.isFIN ? 1 : 0),
                       flags: TCPHeader.rst | TCPHeader.ack)
            return [.drop(.dnsTCPNoConnection), .segment(reset, to: peer)]
        }
        guard connections.count < limit else { return [.drop(.dnsTCPConnectionsFull)] }
        accepted += 1
        var c = Connection(outgoingSeq: UInt32.random(in: 0...UInt32.max, using: &random), rcvNxt: header.sequence &+ 1,
                           peerWindow: Int(header.window), idleUntil: now + DNSTCPServer.idleTimeout)
        let out = transmit(&c, peer, now: now)
        connections[peer] = c
        return out
    }

    // MARK: Answers

    /// An answer to a query the peer sent; nothing if the connection is gone.
    public mutating func send(_ answer: ByteBuffer, to peer: Peer, now: Duration) -> [Output] {
        guard var c = connections[peer], !c.finQueued else { return [] }
        c.owed = max(0, c.owed - 1)
        guard c.outgoing.count + 2 + answer.readableBytes <= DNSTCPServer.sendBufferLimit else {
            connections[peer] = nil
            resets += 1
            return [.drop(.dnsTCPSendBufferFull), .segment(reset(peer, c), to: peer)]
        }
        c.outgoing += [UInt8(answer.readableBytes >> 8), UInt8(truncatingIfNeeded: answer.readableBytes)]
        c.outgoing += answer.readableBytesView
        if c.finReceived, c.owed == 0 { c.finQueued = true }
        let out = transmit(&c, peer, now: now)
        connections[peer] = c
        return out
    }

    /// A query of the peer's that will get no answer (the proxy dropped it): its FIN may follow.
    public mutating func unanswered(_ peer: Peer, now: Duration) -> [Output] {
        guard var c = connections[peer], c.owed > 0 else { return [] }
        c.owed -= 1
        if c.finReceived, c.owed == 0 { c.finQueued = true }
        let out = transmit(&c, peer, now: now)
        connections[peer] = c
        return out
    }

    // MARK: Timers

    /// Closes idle connections and those out of retransmissions with an RST; sends again what timed out.
    public mutating func advance(to now: Duration) -> [Output] {
        var out: [Output] = []
        for (peer, var c) in connections.sorted(by: { ($0.key.address, $0.key.port) < ($1.key.address, $1.key.port) }) {
            let timedOut = c.retransmitAt.map { $0 <= now } ?? false
            if c.idleUntil <= now || (timedOut && c.retries >= DNSTCPServer.retransmissions) {
                connections[peer] = nil
                resets += 1
                out.append(.segment(reset(peer, c), to: peer))
                continue
            }
            guard timedOut else { continue }
            // Go back N: everything unacknowledged again, from the oldest byte.
            c.retries += 1
            c.inFlight = 0
            c.finSent = false
            c.retransmitAt = nil
            out += transmit(&c, peer, now: now)
            connections[peer] = c
        }
        return out
    }

    // MARK: Sending

    /// Takes an acknowledgment; returns true when it covers our FIN.
    private func acknowledge(_ c: inout Connection, _ ack: UInt32, window: Int, now: Duration) -> Bool {
        c.peerWindow = window
        var covered = Int(ack &- c.outgoingSeq)
        let span = (c.synAcked ? 0 : 1) + c.inFlight + (c.finSent ? 1 : 0)
        guard covered > 0, covered <= span else { return false }
        if !c.synAcked {
            c.synAcked = true
            c.outgoingSeq &+= 1
            covered -= 1
        }
        let data = min(covered, c.inFlight)
        c.outgoing.removeFirst(data)
        c.inFlight -= data
        c.outgoingSeq &+= UInt32(data)
        if covered > data { return true }
        c.retries = 0
        c.retransmitAt = c.inFlight > 0 || c.finSent ? now + DNSTCPServer.retransmitTimeout : nil
        return false
    }

    /// Sends what the window allows: the SYN-ACK until it is acknowledged, then data, then the FIN
    /// once queued and everything before it sent.
    private func transmit(_ c: inout Connection, _ peer: Peer, now: Duration) -> [Output] {
        var out: [Output] = []
        if !c.synAcked {
            guard c.retransmitAt == nil else { return [] }
            out.append(.segment(make(peer, seq: c.outgoingSeq, ack: c.rcvNxt, flags: TCPHeader.syn | TCPHeader.ack), to: peer))
        } else {
            while c.inFlight < c.outgoing.count, c.inFlight < c.peerWindow {
                let size = min(DNSTCPServer.segmentSize, c.outgoing.count - c.inFlight, c.peerWindow - c.inFlight)
                var data = ByteBufferAllocator().buffer(capacity: size)
                data.writeBytes(c.outgoing[c.inFlight..<(c.inFlight + size)])
                out.append(.segment(make(peer, seq: c.outgoingSeq &+ UInt32(c.inFlight), ack: c.rcvNxt,
                                         flags: TCPHeader.ack | TCPHeader.psh, data: data), to: peer))
                c.inFlight += size
            }
            if c.finQueued, !c.finSent, c.inFlight == c.outgoing.count {
                out.append(.segment(make(peer, seq: c.outgoingSeq &+ UInt32(c.inFlight), ack: c.rcvNxt,
                                         flags: TCPHeader.ack | TCPHeader.fin), to: peer))
                c.finSent = true
            }
        }
        if !out.isEmpty, c.retransmitAt == nil { c.retransmitAt = now + DNSTCPServer.retransmitTimeout }
        return out
    }

    private func acknowledgment(_ peer: Peer, _ c: Connection) -> ByteBuffer {
        let next = c.synAcked ? c.outgoingSeq &+ UInt32(c.inFlight) &+ (c.finSent ? 1 : 0) : c.outgoingSeq &+ 1
        return make(peer, seq: next, ack: c.rcvNxt, flags: TCPHeader.ack)
    }

    private func reset(_ peer: Peer, _ c: Connection) -> ByteBuffer {
        make(peer, seq: c.outgoingSeq &+ UInt32(c.inFlight), ack: 0, flags: TCPHeader.rst)
    }

    private func make(_ peer: Peer, seq: UInt32, ack: UInt32, flags: UInt16, data: ByteBuffer = ByteBuffer()) -> ByteBuffer {
        TCPHeader.segment(sourcePort: DNSMessage.port, destinationPort: peer.port, sequence: seq, acknowledgment: ack,
                          flags: flags, window: flags & TCPHeader.rst != 0 ? 0 : DNSTCPServer.window, payload: data,
                          source: peer.local, destination: peer.address)
    }
}
