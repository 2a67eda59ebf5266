import Config
import Filter
import Testing
import Wire

/// Dynamic filters: the trigger opens a connection, its answers pass the other way, timers let it go.
@Suite struct DynamicFilterTests {
    static let wan = """
    ip lan2 secure filter in 200030
    ip lan2 secure filter out 200020 200099 dynamic 200081 200098 200099
    ip filter 200020 reject * * udp,tcp 135 *
    ip filter 200030 pass * 192.168.100.0/24 icmp * *
    ip filter 200099 pass * * * * *
    ip filter dynamic 200081 * * domain
    ip filter dynamic 200098 * * tcp
    ip filter dynamic 200099 * * udp syslog=off
    """

    @Test func answersPassOnlyAfterTheTrigger() throws {
        let e = try engine(DynamicFilterTests.wan)
        let answer = tcp("203.0.113.9", 80, "192.168.100.2", 50000, flags: TCPHeader.syn | TCPHeader.ack)
        #expect(e.run(answer, .in) == .filterNoMatch, "no connection yet")
        #expect(e.run(tcp("192.168.100.2", 50000, "203.0.113.9", 80, flags: TCPHeader.syn), .out) == nil)
        #expect(e.sessionCount == 1 && e.sessions.first?.filter == 200098 && e.sessions.first?.state == .opening)
        #expect(e.run(answer, .in, at: 1) == nil)
        #expect(e.sessions.first?.state == .established)
        #expect(e.run(tcp("203.0.113.9", 80, "192.168.100.3", 50000), .in) == .filterNoMatch, "another host is no answer")
        #expect(e.run(tcp("203.0.113.9", 81, "192.168.100.2", 50000), .in) == .filterNoMatch, "another port is no answer")
        #expect(e.run(tcp("192.168.100.2", 50000, "203.0.113.9", 80), .in) == .filterNoMatch,
                "the connection's own direction arriving is no answer")
    }

    @Test func staticRejectComesBeforeTheDynamicTrigger() throws {
        let e = try engine(DynamicFilterTests.wan)
        #expect(e.run(tcp("192.168.100.2", 50000, "203.0.113.9", 135, flags: TCPHeader.syn), .out) == nil)
        let f = try engine(DynamicFilterTests.wan)
        #expect(f.run(tcp("192.168.100.2", 135, "203.0.113.9", 80, flags: TCPHeader.syn), .out) == .filterReject)
        #expect(f.sessionCount == 0, "a rejected packet opens nothing")
    }

    @Test func timersLetConnectionsGo() throws {
        let e = try engine(DynamicFilterTests.wan)
        // An unanswered SYN: tcp-syn-timeout, 30 s.
        #expect(e.run(tcp("192.168.100.2", 1, "203.0.113.9", 80, flags: TCPHeader.syn), .out) == nil)
        e.advance(to: .seconds(29))
        #expect(e.sessionCount == 1)
        e.advance(to: .seconds(31))
        #expect(e.sessionCount == 0)
        #expect(e.takeLines() == ["[INSPECT] LAN2[out][200098] TCP 192.168.100.2:1 > 203.0.113.9:80 @0"])
        // UDP: udp-idle-time, 30 s from the last packet; an answer keeps it.
        #expect(e.run(udp("192.168.100.2", 5000, "203.0.113.9", 4500), .out, at: 100) == nil)
        #expect(e.run(udp("203.0.113.9", 4500, "192.168.100.2", 5000), .in, at: 120) == nil)
        e.advance(to: .seconds(149))
        #expect(e.sessionCount == 1)
        e.advance(to: .seconds(151))
        #expect(e.sessionCount == 0 && e.takeLines().isEmpty, "syslog=off logs nothing")
        // DNS: dns-timeout, 5 s.
        #expect(e.run(udp("192.168.100.2", 5001, "203.0.113.53", 53), .out, at: 200) == nil)
        #expect(e.sessions.first?.filter == 200081)
        e.advance(to: .seconds(206))
        #expect(e.run(udp("203.0.113.53", 53, "192.168.100.2", 5001), .in, at: 206) == .filterNoMatch)
        // TCP after FIN: tcp-fin-timeout, 5 s; established: tcp-idle-time.
        #expect(e.run(tcp("192.168.100.2", 2, "203.0.113.9", 80, flags: TCPHeader.syn), .out, at: 300) == nil)
        #expect(e.run(tcp("203.0.113.9", 80, "192.168.100.2", 2, flags: TCPHeader.syn | TCPHeader.ack), .in, at: 300) == nil)
        e.advance(to: .seconds(3000))
        #expect(e.sessionCount == 1, "idle for less than 3600 s")
        #expect(e.run(tcp("192.168.100.2", 2, "203.0.113.9", 80, flags: TCPHeader.fin | TCPHeader.ack), .out, at: 3000) == nil)
        e.advance(to: .seconds(3006))
        #expect(e.sessionCount == 0)
    }

    @Test func timeoutOptionAndPing() throws {
        let e = try engine("""
        ip lan2 secure filter out dynamic 1 2
        ip filter dynamic 1 * * ping
        ip filter dynamic 2 * * udp timeout=300
        """)
        #expect(e.run(icmp("192.168.100.2", "8.8.8.8", type: 8, id: 99), .out) == nil)
        #expect(e.run(icmp("8.8.8.8", "192.168.100.2", type: 0, id: 99), .in) == nil, "no in list: passes anyway")
        #expect(e.run(icmp("192.168.100.2", "8.8.8.8", type: 0, id: 99), .out) == .filterNoMatch, "a reply opens nothing")
        #expect(e.run(udp("192.168.100.2", 1, "8.8.4.4", 2), .out) == nil)
        e.advance(to: .seconds(299))
        #expect(e.sessions.contains { $0.filter == 2 })
        e.advance(to: .seconds(301))
        #expect(!e.sessions.contains { $0.filter == 2 })
    }

    @Test func theFilterFormFollowsItsLists() throws {
        // The reference's example: SNMP to a manager opens a connection for its answers; an `in`
        // list names which answers may come.
        let e = try engine("""
        ip filter 10 pass * * udp * snmp
        ip filter 11 pass * * udp snmp *
        ip filter 12 pass * * udp * 9999
        ip filter dynamic 1 10.9.9.9 * filter 10 in 11
        ip filter dynamic 2 10.8.8.8 * filter 10 in 12
        ip lan2 secure filter in dynamic 1 2
        """)
        #expect(e.run(udp("10.9.9.9", 4000, "192.168.100.2", 161), .in) == nil)
        #expect(e.run(udp("192.168.100.2", 161, "10.9.9.9", 4000), .out) == nil)
        #expect(e.run(udp("10.8.8.8", 4000, "192.168.100.2", 161), .in) == nil)
        #expect(e.sessions.count == 2)
        #expect(e.run(udp("192.168.100.2", 161, "10.8.8.8", 4000), .out) == nil, "no out list: passes")
        #expect(e.status(slot: 0, direction: .out) == nil)
        #expect(e.run(udp("10.9.9.9", 4000, "192.168.100.2", 162), .in) == .filterNoMatch, "filter 10 is not triggered")
    }

    @Test func anAnswerOutsideTheInListIsRefused() throws {
        let e = try engine("""
        ip filter 10 pass * * udp * snmp
        ip filter 11 pass * * udp snmp *
        ip filter 12 pass * * udp * 9999
        ip filter dynamic 1 * 10.9.9.9 filter 10 in 11
        ip filter dynamic 2 * 10.8.8.8 filter 10 in 12
        ip lan2 secure filter out dynamic 1 2
        ip lan2 secure filter in 100
        """)
        #expect(e.run(udp("192.168.100.2", 4000, "10.9.9.9", 161), .out) == nil)
        #expect(e.run(udp("10.9.9.9", 161, "192.168.100.2", 4000), .in) == nil, "filter 11 names the answer")
        #expect(e.run(udp("192.168.100.2", 4000, "10.8.8.8", 161), .out) == nil)
        #expect(e.run(udp("10.8.8.8", 161, "192.168.100.2", 4000), .in) == .filterNoMatch, "filter 12 does not")
    }

    @Test func theTableIsBoundedAndTheOldestGoes() throws {
        let e = try engine(DynamicFilterTests.wan)
        e.limitSessions(to: 3)
        for port in UInt16(1)...5 {
            #expect(e.run(tcp("192.168.100.2", port, "203.0.113.9", 80, flags: TCPHeader.syn), .out, at: Int(port)) == nil)
        }
        #expect(e.sessionCount == 3 && e.evicted == 2)
        #expect(Set(e.sessions.map { $0.key }) == [3, 4, 5])
        #expect(e.takeLines().count == 2, "each pushed-out connection is logged as ended")
    }

    @Test func aRemovedDynamicFilterTakesItsConnections() throws {
        var config = try Config.parse(DynamicFilterTests.wan)
        let e = FilterEngine()
        e.configure(config, interfaces: [("lan2", "LAN2")])
        #expect(e.run(tcp("192.168.100.2", 1, "203.0.113.9", 80, flags: TCPHeader.syn), .out) == nil)
        #expect(e.run(udp("192.168.100.2", 1, "203.0.113.9", 80), .out) == nil)
        config.ipFilters[200030] = nil
        e.configure(config, interfaces: [("lan2", "LAN2")])
        #expect(e.sessionCount == 2, "a change elsewhere keeps connections")
        config.ipDynamicFilters[200098] = nil
        e.configure(config, interfaces: [("lan2", "LAN2")])
        #expect(e.sessions.map(\.filter) == [200099])
        config.interfaces[.lan2]?.secureFilters[.out] = nil
        e.configure(config, interfaces: [("lan2", "LAN2")])
        #expect(e.sessionCount == 0)
    }

    @Test func keptConnectionsStillTakeTheirAnswers() throws {
        // The engine looks connections up only for protocols the interface has one of; those a new
        // config keeps are still found, also when the static filter that opened one now names another protocol.
        var config = try Config.parse("""
        ip filter 10 pass * * udp * snmp
        ip filter dynamic 1 * * filter 10
        ip filter dynamic 2 * * ping
        ip lan2 secure filter out dynamic 1 2
        ip lan2 secure filter in 100
        """)
        let e = FilterEngine()
        e.configure(config, interfaces: [("lan2", "LAN2")])
        let answer = udp("10.9.9.9", 161, "192.168.100.2", 4000), reply = icmp("8.8.8.8", "192.168.100.2", type: 0, id: 99)
        #expect(e.run(answer, .in) == .filterNoMatch && e.run(reply, .in) == .filterNoMatch)
        #expect(e.run(udp("192.168.100.2", 4000, "10.9.9.9", 161), .out) == nil)
        #expect(e.run(icmp("192.168.100.2", "8.8.8.8", type: 8, id: 99), .out) == nil)
        config.ipFilters[10] = try Config.parse("ip filter 10 pass * * tcp * snmp").ipFilters[10]
        e.configure(config, interfaces: [("lan2", "LAN2")])
        #expect(e.sessionCount == 2)
        #expect(e.run(answer, .in, at: 1) == nil && e.run(reply, .in, at: 1) == nil)
        #expect(e.run(udp("10.9.9.9", 161, "192.168.100.2", 4001), .in, at: 1) == .filterNoMatch)
    }
}

extension FilterSession {
    /// The initiator's port, to tell connections apart in tests.
    var key: UInt16 { UInt16(flowText.split(separator: ":")[1].split(separator: " ")[0])! }
}

@Suite struct DynamicFilterTimerTests {
    @Test func theTimerCommandSetsTheTimers() throws {
        let e = try engine(DynamicFilterTests.wan + "\nip filter dynamic timer udp-idle-time=90 tcp-syn-timeout=10")
        #expect(e.timers.udpIdle == .seconds(90) && e.timers.tcpSYN == .seconds(10) && e.timers.tcpIdle == .seconds(3600))
        #expect(e.run(udp("192.168.100.2", 5000, "203.0.113.9", 4500), .out) == nil)
        e.advance(to: .seconds(89))
        #expect(e.sessionCount == 1)
        e.advance(to: .seconds(91))
        #expect(e.sessionCount == 0)
    }
}
