import DequeModule
import Wire

/// The connections dynamic filters opened, bounded: at the bound the oldest goes, in O(1).
struct FilterSessionTable {
    /// The bound, as RTX830's default `nat descriptor masquerade session limit`: what one router tracks per table.
    static let limit = 65_534

    private(set) var sessions: [FilterSession.Key: FilterSession] = [:]
    /// Keys in the order their sessions began; a key whose serial no longer matches is stale.
    private var order: Deque<(key: FilterSession.Key, serial: Int)> = []
    private var nextSerial = 0
    private(set) var evicted = 0
    var limit = FilterSessionTable.limit

    var count: Int { sessions.count }
    var isEmpty: Bool { sessions.isEmpty }

    subscript(key: FilterSession.Key) -> FilterSession? {
        get { sessions[key] }
        set { sessions[key] = newValue }
    }

    /// Runs `body` on the session of `key` in place (one lookup); nil when there is none.
    mutating func update<R>(_ key: FilterSession.Key, _ body: (inout FilterSession) -> R) -> R? {
        guard let index = sessions.index(forKey: key) else { return nil }
        return body(&sessions.values[index])
    }

    /// Adds a session; returns the one pushed out to make room.
    mutating func insert(_ session: FilterSession) -> FilterSession? {
        var pushedOut: FilterSession?
        if sessions.count >= limit {
            while let oldest = order.popFirst() {
                if let session = sessions[oldest.key], session.serial == oldest.serial {
                    sessions[oldest.key] = nil
                    evicted += 1
                    pushedOut = session
                    break
                }
            }
        }
        nextSerial += 1
        var session = session
        session.serial = nextSerial
        sessions[session.key] = session
        order.append((session.key, nextSerial))
        return pushedOut
    }

    /// Removes the sessions `body` picks and hands each to `removed`.
    mutating func remove(where body: (FilterSession) -> Bool, removed: (FilterSession) -> Void) {
        let doomed = sessions.values.filter(body)
        for session in doomed {
            sessions[session.key] = nil
            removed(session)
        }
        if order.count > 2 * sessions.count + 1024 {
            order = Deque(order.filter { sessions[$0.key]?.serial == $0.serial })
        }
    }

    mutating func removeAll() {
        sessions.removeAll()
        order.removeAll()
    }
}
