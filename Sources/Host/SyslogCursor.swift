import Router

/// Remembers which of the router's log entries have been printed. The log keeps only its last
/// `Syslog.capacity` entries, so once full its count no longer grows: the cursor then finds the
/// last printed entry again from the end.
struct SyslogCursor {
    private var printed = 0
    private var last: Syslog.Entry?

    mutating func newEntries(in log: Syslog) -> ArraySlice<Syslog.Entry> {
        let entries = log.entries
        var start = min(printed, entries.count)
        if entries.count == Syslog.capacity, let last {
            start = (entries.lastIndex { $0.time == last.time && $0.message == last.message }).map { $0 + 1 } ?? 0
        }
        printed = entries.count
        last = entries.last
        return entries[start...]
    }
}
