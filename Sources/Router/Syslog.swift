import DequeModule

/// The router's log (`show log`): newest last, bounded like an RTX's.
public struct Syslog: Sendable {
    /// The RFC 5424 severities an RTX logs at: `syslog notice|info|debug on|off` choose which are sent.
    public enum Severity: Int, Sendable {
        /// Filter hits and inspected connections.
        case notice = 5
        /// The router's own doings: links, tunnels, IKE, DHCP.
        case info = 6
        case debug = 7
    }

    public struct Entry: Sendable {
        public var time: Duration
        public var message: String
        public var severity: Severity
    }

    public static let capacity = 1000
    /// A deque: under a flood of logged rejects the oldest line goes in O(1).
    public private(set) var entries: Deque<Entry> = []
    /// Entries ever appended, so a reader can tell which are new although old ones were dropped.
    public private(set) var appended = 0

    public mutating func append(_ message: String, at time: Duration, severity: Severity = .info) {
        appended += 1
        entries.append(Entry(time: time, message: message, severity: severity))
        if entries.count > Syslog.capacity { entries.removeFirst() }
    }
}

/// Wall-clock text for a virtual instant: the lab's clock starts at a fixed date so transcripts repeat.
/// Times are shown in the router's `timezone` (`offset` seconds east of UTC; RTX default jst, +09:00).
public enum RouterClock {
    /// 2026/01/01 00:00:00 JST (the default zone) in Unix seconds: the lab's epoch.
    public static let labEpoch: Int64 = 1_767_225_600 - jst
    /// The RTX default zone's offset.
    public static let jst: Int64 = 9 * 3600

    /// `2026/01/01 00:00:05`
    public static func timestamp(_ time: Duration, epoch: Int64 = labEpoch, offset: Int64 = jst) -> String {
        let total = epoch + offset + time.components.seconds
        let days = total >= 0 ? total / 86400 : (total - 86399) / 86400
        let secs = total - days * 86400
        let (y, m, d) = civil(days: days)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)/\(two(m))/\(two(d)) \(two(secs / 3600)):\(two(secs / 60 % 60)):\(two(secs % 60))"
    }

    /// `Jan  1 00:00:05 2026`, as `show config` dates its report.
    public static func reportingDate(_ time: Duration, epoch: Int64 = labEpoch, offset: Int64 = jst) -> String {
        let stamp = timestamp(time, epoch: epoch, offset: offset)   // 2026/01/01 00:00:05
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let parts = stamp.split(separator: " ")
        let date = parts[0].split(separator: "/")
        let month = months[(Int(date[1]) ?? 1) - 1]
        let day = Int(date[2]) ?? 1
        return "\(month) \(day < 10 ? " " : "")\(day) \(parts[1]) \(date[0])"
    }

    /// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    static func civil(days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
