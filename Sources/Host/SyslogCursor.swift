import DequeModule
import Router

/// Remembers which of the router's log entries have been printed. The log keeps only its last
/// `Syslog.capacity` entries but counts every one it was given, so the entries not yet printed are
/// the newest `appended - printed` (all it still holds, if more than that were dropped meanwhile).
struct SyslogCursor {
    private var printed = 0

    mutating func newEntries(in log: Syslog) -> Deque<Syslog.Entry>.SubSequence {
        let fresh = min(log.appended - printed, log.entries.count)
        printed = log.appended
        return log.entries.suffix(fresh)
    }
}
