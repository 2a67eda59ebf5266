@testable import Router
import Testing
@testable import Host

@Suite struct SyslogCursorTests {
    @Test func printsEachEntryOnce() {
        var log = Syslog()
        var cursor = SyslogCursor()
        log.append("a", at: .seconds(1))
        log.append("b", at: .seconds(2))
        #expect(cursor.newEntries(in: log).map(\.message) == ["a", "b"])
        #expect(cursor.newEntries(in: log).isEmpty)
        log.append("c", at: .seconds(3))
        #expect(cursor.newEntries(in: log).map(\.message) == ["c"])
    }

    @Test func keepsItsPlaceOnceTheLogIsFull() {
        var log = Syslog()
        var cursor = SyslogCursor()
        for i in 0..<Syslog.capacity + 5 { log.append("m\(i)", at: .seconds(i)) }
        #expect(cursor.newEntries(in: log).count == Syslog.capacity)
        log.append("next", at: .seconds(5000))
        log.append("after", at: .seconds(5001))
        #expect(cursor.newEntries(in: log).map(\.message) == ["next", "after"])
        #expect(cursor.newEntries(in: log).isEmpty)
    }
}
