import Wire

/// Reliable delivery of one control connection's messages (RFC 3931 section 4.2): Ns/Nr, the peer's
/// receive window, retransmission with exponential backoff, in-order delivery with a reorder
/// buffer, and acknowledgments (piggybacked, or a ZLB when nothing else goes out).
struct ReliableControlChannel {
    struct Pending {
        var message: L2TPControlMessage
        var sent = false
        var retransmissions = 0
        var nextRetry: Duration = .zero
    }

    static let initialTimeout: Duration = .seconds(1)
    static let maximumTimeout: Duration = .seconds(8)

    /// The peer's Assigned Control Connection ID, written into every header (0 until known).
    var peerConnectionID: UInt32 = 0
    /// Window the peer advertised (RFC 3931: 4 when it sends no Receive Window Size AVP).
    var peerWindow = 4
    /// Our receive window: how far ahead of Nr a message is buffered rather than dropped.
    let receiveWindow = 16
    /// Retransmissions of one message before the channel gives up (nil: never, keepalive decides).
    var retransmissionLimit: Int? = 5

    private(set) var nextNs: UInt16 = 0
    private(set) var nextNr: UInt16 = 0
    private var queue: [Pending] = []
    private var reorder: [UInt16: L2TPControlMessage] = [:]
    private var ackDue = false
    private(set) var exhausted = false
    /// Duplicates and messages outside the window, counted for `show`.
    private(set) var discarded = 0

    /// Queues a message; returns what may go out now (window permitting), Ns and Nr filled in.
    mutating func send(_ message: L2TPControlMessage, now: Duration) -> [L2TPControlMessage] {
        var m = message
        m.ns = nextNs
        nextNs &+= 1
        queue.append(Pending(message: m))
        return transmitWithinWindow(now: now)
    }

    /// Takes a received message: acknowledges what it acknowledges and returns the messages now
    /// deliverable in order, plus anything the opened window lets out.
    mutating func receive(_ message: L2TPControlMessage, now: Duration) -> (deliver: [L2TPControlMessage], transmit: [L2TPControlMessage]) {
        queue.removeAll { SequenceNumber.precedes($0.message.ns, message.nr) }
        let transmit = transmitWithinWindow(now: now)
        // A ZLB or an explicit ACK only acknowledges: it takes no Ns and is never delivered.
        guard !message.isZLB, message.messageType != .ack else { return ([], transmit) }
        if message.ns == nextNr {
            var deliver = [message]
            nextNr &+= 1
            while let next = reorder.removeValue(forKey: nextNr) {
                deliver.append(next)
                nextNr &+= 1
            }
            ackDue = true
            return (deliver, transmit)
        }
        ackDue = true   // a duplicate is acknowledged again: our earlier ack may have been lost
        if SequenceNumber.precedes(nextNr, message.ns), Int(message.ns &- nextNr) < receiveWindow {
            reorder[message.ns] = message
        } else {
            discarded += 1
        }
        return ([], transmit)
    }

    /// An acknowledgment if one is owed and no message carried it: a ZLB, or with `explicit` (control message
    /// authentication on, where RFC 3931 6.15 permits no ZLB) an ACK message that can carry a Message Digest.
    mutating func pendingAck(explicit: Bool) -> L2TPControlMessage? {
        guard ackDue else { return nil }
        ackDue = false
        guard explicit else { return .zlb(connectionID: peerConnectionID, ns: nextNs, nr: nextNr) }
        var ack = L2TPControlMessage.make(.ack, connectionID: peerConnectionID)
        ack.ns = nextNs
        ack.nr = nextNr
        return ack
    }

    /// Retransmits what timed out; sets `exhausted` when a message ran out of retransmissions.
    mutating func tick(now: Duration) -> [L2TPControlMessage] {
        var out: [L2TPControlMessage] = []
        for i in queue.indices where queue[i].sent && queue[i].nextRetry <= now {
            if let limit = retransmissionLimit, queue[i].retransmissions >= limit {
                exhausted = true
                return []
            }
            queue[i].retransmissions += 1
            queue[i].nextRetry = now + timeout(after: queue[i].retransmissions)
            out.append(stamp(queue[i].message))
        }
        if !out.isEmpty { ackDue = false }
        return out
    }

    var nextDeadline: Duration? {
        queue.lazy.filter(\.sent).map(\.nextRetry).min()
    }

    private func timeout(after retransmissions: Int) -> Duration {
        min(ReliableControlChannel.initialTimeout * (1 << min(retransmissions, 10)), ReliableControlChannel.maximumTimeout)
    }

    private mutating func transmitWithinWindow(now: Duration) -> [L2TPControlMessage] {
        var out: [L2TPControlMessage] = []
        for i in queue.indices.prefix(peerWindow) where !queue[i].sent {
            queue[i].sent = true
            queue[i].nextRetry = now + ReliableControlChannel.initialTimeout
            out.append(stamp(queue[i].message))
        }
        if !out.isEmpty { ackDue = false }
        return out
    }

    /// The message as it goes on the wire now: the current Nr acknowledges all we have received.
    private func stamp(_ message: L2TPControlMessage) -> L2TPControlMessage {
        var m = message
        m.connectionID = peerConnectionID
        m.nr = nextNr
        return m
    }
}
