import DequeModule
import Wire

/// The connections dynamic filters opened, bounded. At the bound a connection nothing has answered
/// yet goes first (a TCP SYN with no SYN-ACK, UDP or ICMP with no packet back: what a flood of
/// spoofed or scanning packets opens), oldest first; only when none is left an answered one, in the
/// order they were answered. So a flood cannot push out a connection that works. O(1) amortised:
/// two queues whose stale entries are skipped when met.
struct FilterSessionTable {
    /// The bound, as RTX830's default `nat descriptor masquerade session limit`: what one router tracks per table.
    static let limit = 65_534

    /// A session in a queue, valid while `sessions` holds its serial and its `answered` fits the queue.
    private struct Queued {
        var key: FilterSession.Key
        var serial: Int
    }

    private(set) var sessions: [FilterSession.Key: FilterSession] = [:]
    /// Sessions not answered yet, in the order they began.
    private var unanswered: Deque<Queued> = []
    /// Answered sessions, in the order their first answer came.
    private var answered: Deque<Queued> = []
    private var nextSerial = 0
    private(set) var evicted = 0
    /// Of `evicted`, the sessions that had been answered (pushed out when no unanswered one was left).
    private(set) var evictedAnswered = 0
    var limit = FilterSessionTable.limit

    var count: Int { sessions.count }
    var isEmpty: Bool { sessions.isEmpty }

    subscript(key: FilterSession.Key) -> FilterSession? { sessions[key] }

    /// Runs `body` on the session of `key` in place (one lookup); nil when there is none. A session
    /// `body` marks answered moves to the answered queue.
    mutating func update<R>(_ key: FilterSession.Key, _ body: (inout FilterSession) -> R) -> R? {
        guard let index = sessions.index(forKey: key) else { return nil }
        let wasAnswered = sessions.values[index].answered
        let result = body(&sessions.values[index])
        if !wasAnswered, sessions.values[index].answered {
            answered.append(Queued(key: key, serial: sessions.values[index].serial))
        }
        return result
    }

    /// Adds a session; returns the one pushed out to make room.
    mutating func insert(_ session: FilterSession) -> FilterSession? {
        var pushedOut: FilterSession?
        if sessions.count >= limit {
            pushedOut = Self.evict(from: &unanswered, answered: false, in: &sessions)
                ?? Self.evict(from: &answered, answered: true, in: &sessions)
            if let pushedOut {
                evicted += 1
                if pushedOut.answered { evictedAnswered += 1 }
            }
        }
        nextSerial += 1
        var session = session
        session.serial = nextSerial
        sessions[session.key] = session
        let entry = Queued(key: session.key, serial: nextSerial)
        if session.answered { answered.append(entry) } else { unanswered.append(entry) }
        return pushedOut
    }

    /// Removes the first session of `queue` still in it; stale entries met on the way are dropped.
    private static func evict(from queue: inout Deque<Queued>, answered: Bool,
                              in sessions: inout [FilterSession.Key: FilterSession]) -> FilterSession? {
        while let first = queue.popFirst() {
            guard let index = sessions.index(forKey: first.key), sessions.values[index].serial == first.serial,
                  sessions.values[index].answered == answered else { continue }
            return sessions.remove(at: index).value
        }
        return nil
    }

    /// Removes the sessions `body` picks and hands each to `removed`.
    mutating func remove(where body: (FilterSession) -> Bool, removed: (FilterSession) -> Void) {
        let doomed = sessions.values.filter(body)
        for session in doomed {
            sessions[session.key] = nil
            removed(session)
        }
        if unanswered.count + answered.count > 2 * sessions.count + 1024 {
            unanswered = Deque(unanswered.filter { holds($0, answered: false) })
            answered = Deque(answered.filter { holds($0, answered: true) })
        }
    }

    private func holds(_ entry: Queued, answered: Bool) -> Bool {
        guard let session = sessions[entry.key] else { return false }
        return session.serial == entry.serial && session.answered == answered
    }

    mutating func removeAll() {
        sessions.removeAll()
        unanswered.removeAll()
        answered.removeAll()
    }
}
