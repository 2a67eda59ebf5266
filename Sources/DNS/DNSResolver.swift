import Wire

/// The router's own A lookups: peers its config gives by host name (`tunnel endpoint name`,
/// `ipsec ike remote address` with a name), which a dynamic DNS service moves when a peer's PPPoE
/// address changes. It holds no socket: `DNSProxy` sends the queries `takeDue` names, through its
/// servers, retries and ports, and hands back their answers and failures.
///
/// An address is held for its TTL, at least `minimumHold` (a TTL of 0 would otherwise ask in a
/// loop) and at most `maximumHold` (a dynamic name is checked at least that often whatever its TTL).
/// A name the router still uses is asked again before its answer expires; a different address is
/// an event, so the router re-applies its config. A timeout or server failure keeps the last address
/// (a peer is better tried where it was than dropped while DNS is out); a name that has no address
/// (NXDOMAIN, no A record) loses it. At most `limit` names: one not in use makes room.
public struct DNSResolver: Sendable {
    public struct Entry: Sendable {
        public var name: DNSName
        public var address: IPv4Address?
        /// When the last answer with an address arrived, and when it expires.
        public var answered: Duration?
        public var expires: Duration?
        /// When the name is asked next; nil while a query is out.
        public var due: Duration?
        /// Whether the router looked the name up since `markUnused`: only names in use are asked again.
        public var inUse = true
        /// Failures in a row since the last answer with an address; the retry waits longer with each.
        public var failuresInARow = 0
        public var failures = 0
        public var lastFailure: Failure?
        var lastUsed: Duration
        var serial: Int
    }

    public enum Failure: Hashable, Sendable, CustomStringConvertible {
        /// NXDOMAIN: the name does not exist.
        case nameError
        /// NOERROR without an A record for the name.
        case noAddress
        /// Another response code (SERVFAIL, REFUSED...).
        case serverError(DNSResponseCode)
        /// No answer after every attempt.
        case timeout
        /// No `dns server` to ask.
        case noServer
        /// The proxy's pending-query table was full.
        case busy

        public var description: String {
            switch self {
            case .nameError: "name not found (NXDOMAIN)"
            case .noAddress: "no address (no A record)"
            case .serverError(let code): "server error (\(code))"
            case .timeout: "no answer from DNS servers"
            case .noServer: "no DNS server"
            case .busy: "too many pending queries"
            }
        }

        /// Whether the answer says the name has no address (rather than that none was learned).
        var denies: Bool { self == .nameError || self == .noAddress }
    }

    public enum Event: Equatable, Sendable {
        /// The name's address is now `to` (nil: the name has none any more).
        case changed(DNSName, from: IPv4Address?, to: IPv4Address?)
        /// A lookup failed: the first of a run of failures, or one of another kind than the last.
        case failed(DNSName, Failure)
    }

    public struct Counters: Sendable {
        public var queries = 0
        public var answers = 0
        public var changes = 0
        public var failures = 0
        /// Lookups of a new name refused because every name held is in use.
        public var refused = 0
    }

    public static let minimumHold: Duration = .seconds(10)
    public static let maximumHold: Duration = .seconds(3600)
    /// A failed name is asked again after 10 s, then 20, 40, and every 60 s: a peer that comes back
    /// is found within a minute.
    public static let firstRetry: Duration = .seconds(10)
    public static let longestRetry: Duration = .seconds(60)
    public static let defaultLimit = 256

    public let limit: Int
    public private(set) var counters = Counters()
    private var entries: [DNSName: Entry] = [:]
    private var nextSerial = 0

    public init(limit: Int = DNSResolver.defaultLimit) { self.limit = limit }

    public var count: Int { entries.count }

    /// Every name held, in the order first looked up (`show status dns`).
    public var all: [Entry] { entries.values.sorted { $0.serial < $1.serial } }

    public func entry(_ name: DNSName) -> Entry? { entries[name] }

    /// The address a name stands for, nil until an answer gives one; a name not held yet is due at
    /// once. Marks the name in use.
    public mutating func lookup(_ name: DNSName, now: Duration) -> IPv4Address? {
        if var entry = entries[name] {
            entry.inUse = true
            entry.lastUsed = now
            entries[name] = entry
            return entry.address
        }
        guard entries.count < limit || evictUnused() else {
            counters.refused += 1
            return nil
        }
        nextSerial += 1
        entries[name] = Entry(name: name, due: now, lastUsed: now, serial: nextSerial)
        return nil
    }

    /// Before the router looks up the names its config gives: a name not looked up again is not asked
    /// again, and is the first to go when the table is full.
    public mutating func markUnused() {
        for name in entries.keys { entries[name]?.inUse = false }
    }

    public var nextDeadline: Duration? {
        entries.values.lazy.filter(\.inUse).compactMap(\.due).min()
    }

    /// Names in use whose query is due by `now`, in the order they were first looked up; each is then
    /// waiting for `answer` or `fail`.
    public mutating func takeDue(now: Duration) -> [DNSName] {
        let due = entries.values.filter { $0.inUse && ($0.due.map { $0 <= now } ?? false) }.sorted { $0.serial < $1.serial }
        for entry in due { entries[entry.name]?.due = nil }
        counters.queries += due.count
        return due.map(\.name)
    }

    /// Whether the name has had no answer and no failure yet: a cached answer may serve it. Later
    /// queries go upstream, where a moved name shows first.
    public func isNew(_ name: DNSName) -> Bool { entries[name].map { $0.answered == nil && $0.failures == 0 } ?? false }

    /// A response to the query for its question's name. Returns what changed.
    public mutating func answer(_ response: DNSMessage, now: Duration) -> [Event] {
        guard response.questions.count == 1, let question = response.questions.first, question.type == .a,
              var entry = entries[question.name], entry.due == nil else { return [] }
        counters.answers += 1
        switch response.responseCode {
        case .noError:
            guard let (addresses, ttl) = DNSResolver.addresses(of: question.name, in: response.answers) else {
                return fail(question.name, .noAddress, now: now)
            }
            let hold = min(max(.seconds(Int64(ttl)), DNSResolver.minimumHold), DNSResolver.maximumHold)
            let old = entry.address
            // Of several addresses, the one in use stays: round-robin DNS moves no tunnel.
            let new = old.flatMap { addresses.contains($0) ? $0 : nil } ?? addresses[0]
            entry.address = new
            entry.answered = now
            entry.expires = now + hold
            // Asked again when 7/8 of the hold has passed, so the next answer comes before this one expires.
            entry.due = now + max(hold * 7 / 8, DNSResolver.minimumHold)
            entry.failuresInARow = 0
            entries[question.name] = entry
            guard new != old else { return [] }
            counters.changes += 1
            return [.changed(question.name, from: old, to: new)]
        case .nameError:
            return fail(question.name, .nameError, now: now)
        default:
            return fail(question.name, .serverError(response.responseCode), now: now)
        }
    }

    /// A query for the name that got no usable answer. Returns what changed.
    public mutating func fail(_ name: DNSName, _ failure: Failure, now: Duration) -> [Event] {
        guard var entry = entries[name], entry.due == nil else { return [] }
        counters.failures += 1
        let repeated = entry.failuresInARow > 0 && entry.lastFailure == failure
        entry.failures += 1
        entry.failuresInARow += 1
        entry.lastFailure = failure
        let wait = DNSResolver.firstRetry * (1 << min(entry.failuresInARow - 1, 3))
        entry.due = now + min(wait, DNSResolver.longestRetry)
        let old = entry.address
        if failure.denies {
            entry.address = nil
            entry.answered = nil
            entry.expires = nil
        }
        entries[name] = entry
        var events: [Event] = repeated ? [] : [.failed(name, failure)]
        if old != entry.address {
            counters.changes += 1
            events.append(.changed(name, from: old, to: nil))
        }
        return events
    }

    /// New servers: names that failed are asked again at once rather than after their retry wait.
    public mutating func retryFailed() {
        for (name, entry) in entries where entry.failuresInARow > 0 && entry.due != nil { entries[name]?.due = .zero }
    }

    /// Removes the unused name looked up longest ago that is not waiting for an answer.
    private mutating func evictUnused() -> Bool {
        guard let victim = entries.values.filter({ !$0.inUse && $0.due != nil })
            .min(by: { ($0.lastUsed, $0.serial) < ($1.lastUsed, $1.serial) }) else { return false }
        entries[victim.name] = nil
        return true
    }

    /// The A records for `name`, following CNAMEs (at most 8) through the answer section, and the
    /// smallest TTL on the way; nil when there are none.
    static func addresses(of name: DNSName, in answers: [DNSRecord]) -> (addresses: [IPv4Address], ttl: UInt32)? {
        var target = name, ttl = UInt32.max
        for _ in 0...8 {
            let records = answers.filter { $0.name == target && $0.rclass == DNSClass.internet }
            let addresses = records.compactMap { record -> IPv4Address? in
                if record.type == .a, case .a(let address) = record.data { address } else { nil }
            }
            if !addresses.isEmpty {
                let aTTL = records.filter { $0.type == .a }.map(\.ttl).min() ?? 0
                return (addresses, min(ttl, aTTL))
            }
            guard let cname = records.first(where: { $0.type == .cname }), case .name(let next) = cname.data else { return nil }
            ttl = min(ttl, cname.ttl)
            target = next
        }
        return nil
    }
}
