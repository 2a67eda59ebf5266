import Filter
import Testing
import Wire

/// At the bound of the connection table, what nothing has answered goes first, so a flood of SYNs or
/// datagrams that get no answer cannot push out a connection that works; answered ones go only when
/// no unanswered one is left, in the order their answers came. Virtual time: `at:` seconds.
@Suite struct FilterEvictionTests {
    static let client: IPv4Address = "192.168.100.2"
    static let web: IPv4Address = "203.0.113.9"

    /// A TCP connection on `port` whose SYN-ACK came back.
    static func answeredTCP(_ e: FilterEngine, port: UInt16, at seconds: Int) {
        #expect(e.run(tcp(client, port, web, 80, flags: TCPHeader.syn), .out, at: seconds) == nil)
        #expect(e.run(tcp(web, 80, client, port, flags: TCPHeader.syn | TCPHeader.ack), .in, at: seconds) == nil)
    }

    @Test func aFloodOfUnansweredConnectionsLeavesTheAnsweredOne() throws {
        let e = try engine(DynamicFilterTests.wan)
        e.limitSessions(to: 100)
        FilterEvictionTests.answeredTCP(e, port: 50000, at: 0)
        #expect(e.sessions.first?.answered == true)
        // 300 SYNs and 300 datagrams from spoofed ports, none answered, over 6 s.
        for i in 0..<600 {
            let port = UInt16(1000 + i)
            let p = i % 2 == 0 ? tcp(FilterEvictionTests.client, port, FilterEvictionTests.web, 80, flags: TCPHeader.syn)
                : udp(FilterEvictionTests.client, port, FilterEvictionTests.web, 9)
            #expect(e.run(p, .out, at: 1 + i / 100) == nil)
        }
        #expect(e.sessionCount == 100)
        #expect(e.evicted == 501 && e.evictedAnswered == 0, "the 501 oldest of the flood went: \(e.evicted), \(e.evictedAnswered)")
        #expect(e.sessions.contains { $0.key == 50000 && $0.state == .established })
        #expect(Set(e.sessions.map(\.key)).subtracting([50000]) == Set((1501...1599).map { UInt16($0) }),
                "the newest 99 of the flood are held")
        // The answered connection still carries its packets both ways.
        #expect(e.run(tcp(FilterEvictionTests.client, 50000, FilterEvictionTests.web, 80), .out, at: 7) == nil)
        #expect(e.run(tcp(FilterEvictionTests.web, 80, FilterEvictionTests.client, 50000), .in, at: 7) == nil)
    }

    @Test func answeredConnectionsGoOldestFirstWhenNoUnansweredOneIsLeft() throws {
        let e = try engine(DynamicFilterTests.wan)
        e.limitSessions(to: 3)
        for (i, port) in [UInt16(1), 2, 3].enumerated() { FilterEvictionTests.answeredTCP(e, port: port, at: i) }
        #expect(e.evicted == 0 && e.sessions.allSatisfy { $0.answered })
        // A fourth: no unanswered connection, so the oldest answered one (1) goes.
        #expect(e.run(tcp(FilterEvictionTests.client, 4, FilterEvictionTests.web, 80, flags: TCPHeader.syn), .out, at: 10) == nil)
        #expect(Set(e.sessions.map(\.key)) == [2, 3, 4] && e.evicted == 1 && e.evictedAnswered == 1)
        // A fifth: the unanswered 4 goes, not the older answered 2.
        #expect(e.run(udp(FilterEvictionTests.client, 5, FilterEvictionTests.web, 9), .out, at: 11) == nil)
        #expect(Set(e.sessions.map(\.key)) == [2, 3, 5] && e.evicted == 2 && e.evictedAnswered == 1)
        // 5 is answered now (a datagram back): with none unanswered left, 2 then 3 go, then 5.
        #expect(e.run(udp(FilterEvictionTests.web, 9, FilterEvictionTests.client, 5), .in, at: 12) == nil)
        FilterEvictionTests.answeredTCP(e, port: 6, at: 13)
        #expect(Set(e.sessions.map(\.key)) == [3, 5, 6])
        FilterEvictionTests.answeredTCP(e, port: 7, at: 14)
        #expect(Set(e.sessions.map(\.key)) == [5, 6, 7])
        FilterEvictionTests.answeredTCP(e, port: 8, at: 15)
        #expect(Set(e.sessions.map(\.key)) == [6, 7, 8] && e.evicted == 5 && e.evictedAnswered == 4)
        #expect(e.takeLines().count == 4, "each pushed-out TCP connection is logged as ended (UDP's 200099 is syslog=off)")
    }

    @Test func answeredOnesGoInTheOrderOfTheirAnswersAndExpiryMakesRoom() throws {
        let e = try engine("""
        ip lan2 secure filter in 100
        ip lan2 secure filter out dynamic 1 2
        ip filter 100 reject * * * * *
        ip filter dynamic 1 * * ping
        ip filter dynamic 2 * * udp
        """)
        e.limitSessions(to: 3)
        // 1 and 2 open, 2 is answered before 1: answered ones go in the order of their answers.
        #expect(e.run(udp(FilterEvictionTests.client, 1, FilterEvictionTests.web, 9), .out, at: 0) == nil)
        #expect(e.run(udp(FilterEvictionTests.client, 2, FilterEvictionTests.web, 9), .out, at: 0) == nil)
        #expect(e.run(udp(FilterEvictionTests.web, 9, FilterEvictionTests.client, 2), .in, at: 1) == nil)
        #expect(e.run(udp(FilterEvictionTests.web, 9, FilterEvictionTests.client, 1), .in, at: 2) == nil)
        // An echo request and its reply: answered too. The table is full of answered connections.
        #expect(e.run(icmp(FilterEvictionTests.client, FilterEvictionTests.web, type: 8, id: 3), .out, at: 3) == nil)
        #expect(e.run(icmp(FilterEvictionTests.web, FilterEvictionTests.client, type: 0, id: 3), .in, at: 3) == nil)
        #expect(e.sessions.allSatisfy { $0.answered })
        #expect(e.run(udp(FilterEvictionTests.client, 4, FilterEvictionTests.web, 9), .out, at: 4) == nil)
        #expect(Set(e.sessions.filter { $0.flowText.hasPrefix("UDP") }.map(\.key)) == [1, 4], "2, answered first, went first")
        // Everything expires (udp-idle-time 30 s): the table fills again without pushing anything
        // out, then the oldest new one goes (the queues' entries of expired connections are skipped).
        e.advance(to: .seconds(40))
        #expect(e.sessionCount == 0)
        for port in UInt16(10)...12 { #expect(e.run(udp(FilterEvictionTests.client, port, FilterEvictionTests.web, 9), .out, at: 41) == nil) }
        #expect(e.sessionCount == 3 && e.evicted == 1)
        #expect(e.run(udp(FilterEvictionTests.client, 13, FilterEvictionTests.web, 9), .out, at: 42) == nil)
        #expect(Set(e.sessions.map(\.key)) == [11, 12, 13] && e.evicted == 2)
    }
}
