import DequeModule
import Wire

/// Answers from upstream, by question. As the reference describes an RTX's cache: an entry is kept
/// for the smallest TTL of its records, 60 s when it has none (a negative answer without SOA), and
/// at most `capacity` entries, the oldest answer going first.
public struct DNSCache: Sendable {
    public struct Entry: Sendable {
        public var question: DNSQuestion
        public var code: DNSResponseCode
        public var answers: [DNSRecord]
        public var authorities: [DNSRecord]
        public var additionals: [DNSRecord]
        public var stored: Duration
        public var expires: Duration
        fileprivate var serial: Int
    }

    public var capacity: Int { didSet { trim() } }
    private var entries: [DNSQuestion: Entry] = [:]
    /// Questions in the order their answers arrived; an entry replaced or removed leaves a stale
    /// item here, recognised by its serial, and the queue is compacted when stale items pile up.
    private var order = Deque<(question: DNSQuestion, serial: Int)>()
    private var nextSerial = 0
    public private(set) var evicted = 0

    public static let emptyAnswerTTL: UInt32 = 60

    public init(capacity: Int) { self.capacity = capacity }

    public var count: Int { entries.count }

    /// Stores a NOERROR or NXDOMAIN answer that is not truncated; returns whether it did.
    @discardableResult
    public mutating func store(_ response: DNSMessage, now: Duration) -> Bool {
        guard capacity > 0, response.questions.count == 1, let question = response.questions.first, !response.isTruncated,
              response.responseCode == .noError || response.responseCode == .nameError else { return false }
        let additionals = response.additionals.filter { $0.type != .opt }
        let records = response.answers + response.authorities + additionals
        let ttl = records.map(\.ttl).min() ?? DNSCache.emptyAnswerTTL
        guard ttl > 0 else { return false }
        // Names compare without case: the entry keeps the question as the first asker wrote it.
        let key = question
        nextSerial += 1
        entries[key] = Entry(question: question, code: response.responseCode, answers: response.answers,
                             authorities: response.authorities, additionals: additionals, stored: now,
                             expires: now + .seconds(Int64(ttl)), serial: nextSerial)
        order.append((key, nextSerial))
        trim()
        if order.count > 2 * capacity + 16 { compact() }
        return true
    }

    /// The live entry for a question, its TTLs lowered by the time it has been held.
    public mutating func lookup(_ question: DNSQuestion, now: Duration) -> Entry? {
        let key = question
        guard var entry = entries[key] else { return nil }
        guard entry.expires > now else {
            entries[key] = nil
            return nil
        }
        let held = UInt32(clamping: (now - entry.stored).components.seconds)
        func aged(_ records: [DNSRecord]) -> [DNSRecord] {
            records.map { var r = $0; r.ttl = r.ttl > held ? r.ttl - held : 0; return r }
        }
        entry.answers = aged(entry.answers)
        entry.authorities = aged(entry.authorities)
        entry.additionals = aged(entry.additionals)
        return entry
    }

    /// Live entries, oldest answer first (`show status dns`).
    public func live(now: Duration) -> [Entry] {
        entries.values.filter { $0.expires > now }.sorted { $0.serial < $1.serial }
    }

    public mutating func removeAll() {
        entries.removeAll()
        order.removeAll()
    }

    private mutating func trim() {
        while entries.count > capacity, let (question, serial) = order.popFirst() {
            guard entries[question]?.serial == serial else { continue }
            entries[question] = nil
            evicted += 1
        }
    }

    private mutating func compact() {
        order = Deque(order.filter { entries[$0.question]?.serial == $0.serial })
    }
}
