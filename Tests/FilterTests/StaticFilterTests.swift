import Config
import Filter
import Testing
import Wire

/// Static filters: first match wins, no match discards (8.1.25), and each field's matching.
@Suite struct StaticFilterTests {
    @Test func firstMatchWinsAndNoMatchDiscards() throws {
        // The reference's own example: filter 2 never acts, 192.168.0.1 passes by filter 1.
        let e = try engine("""
        ip filter 1 pass 192.168.0.0/24 *
        ip filter 2 reject 192.168.0.1
        ip lan2 secure filter in 1 2
        """)
        #expect(e.run(udp("192.168.0.1", 1, "10.0.0.1", 2), .in) == nil)
        #expect(e.run(udp("192.168.1.1", 1, "10.0.0.1", 2), .in) == .filterNoMatch)
        #expect(e.takeLines() == ["LAN2 Rejected at IN(default) filter: UDP 192.168.1.1:1 > 10.0.0.1:2"])
        #expect(e.run(udp("192.168.1.1", 1, "10.0.0.1", 2), .out) == nil, "no out list: everything passes")
        let status = try #require(e.status(slot: 0, direction: .in))
        #expect(status.hits.map(\.packets) == [1, 0] && status.defaultRejects == 1)
    }

    @Test func logsAsTheActionSays() throws {
        let e = try engine("""
        ip filter 1 reject * * tcp * telnet
        ip filter 2 reject-nolog * * tcp * 22
        ip filter 3 pass-log * * icmp 8
        ip filter 4 pass * * icmp
        ip filter 5 restrict-log * * udp
        ip lan2 secure filter in 1 2 3 4 5
        """)
        #expect(e.run(tcp("203.0.113.5", 4431, "192.168.10.1", 23), .in) == .filterReject)
        #expect(e.run(tcp("203.0.113.5", 4431, "192.168.10.1", 22), .in) == .filterReject)
        #expect(e.run(icmp("203.0.113.5", "192.168.10.1", type: 8), .in) == nil)
        #expect(e.run(icmp("203.0.113.5", "192.168.10.1", type: 0), .in) == nil)
        #expect(e.run(udp("203.0.113.5", 5, "192.168.10.1", 6), .in) == nil)
        #expect(e.check(udp("203.0.113.5", 5, "192.168.10.1", 6), slot: 0, direction: .in, now: .zero, connected: false) == .filterRestrict)
        #expect(e.takeLines() == [
            "LAN2 Rejected at IN(1) filter: TCP 203.0.113.5:4431 > 192.168.10.1:23",
            "LAN2 Passed at IN(3) filter: ICMP 203.0.113.5 > 192.168.10.1",
            "LAN2 Passed at IN(5) filter: UDP 203.0.113.5:5 > 192.168.10.1:6",
            "LAN2 Rejected at IN(5) filter: UDP 203.0.113.5:5 > 192.168.10.1:6",
        ])
    }

    @Test func addressesRangesMasksAndOctets() throws {
        let e = try engine("""
        ip filter 1 pass 10.0.0.5-10.0.0.9,172.16.*.1 192.168.0.0/255.255.0.0
        ip filter 2 pass -1.0.0.0 *
        ip lan2 secure filter in 1 2
        """)
        #expect(e.run(udp("10.0.0.5", 1, "192.168.44.1", 2), .in) == nil)
        #expect(e.run(udp("10.0.0.9", 1, "192.168.255.255", 2), .in) == nil)
        #expect(e.run(udp("172.16.200.1", 1, "192.168.0.1", 2), .in) == nil)
        #expect(e.run(udp("172.16.200.2", 1, "192.168.0.1", 2), .in) == .filterNoMatch)
        #expect(e.run(udp("10.0.0.10", 1, "192.168.0.1", 2), .in) == .filterNoMatch)
        #expect(e.run(udp("10.0.0.5", 1, "192.169.0.1", 2), .in) == .filterNoMatch)
        #expect(e.run(udp("0.255.0.1", 1, "8.8.8.8", 2), .in) == nil, "-1.0.0.0 is everything up to 1.0.0.0")
    }

    @Test func portsApplyToTCPAndUDPOnly() throws {
        let e = try engine("""
        ip filter 1 reject * * udp,tcp 135 *
        ip filter 2 reject * * * * netbios_ns-netbios_ssn
        ip filter 3 pass * * * * 1024-
        ip lan2 secure filter in 1 2 3
        """)
        #expect(e.run(tcp("1.1.1.1", 135, "2.2.2.2", 5000), .in) == .filterReject)
        #expect(e.run(udp("1.1.1.1", 5, "2.2.2.2", 138), .in) == .filterReject)
        #expect(e.run(udp("1.1.1.1", 5, "2.2.2.2", 1023), .in) == .filterNoMatch)
        #expect(e.run(udp("1.1.1.1", 5, "2.2.2.2", 1024), .in) == nil)
        // ICMP matches filter 1's `udp,tcp`? No; filter 2's `*` with ports: ports do not exist for ICMP.
        #expect(e.run(icmp("1.1.1.1", "2.2.2.2", type: 8), .in) == .filterReject)
        #expect(e.status(slot: 0, direction: .in)?.hits.map(\.packets) == [1, 2, 1])
    }

    @Test func icmpTypeAndCode() throws {
        // The reference's example: LAN2 refuses redirects "for the Host" only.
        let e = try engine("""
        ip filter 1 reject * * icmp 5 1
        ip filter 2 pass * * icmp-error
        ip filter 100 pass * *
        ip lan2 secure filter out 1 100
        ip lan2 secure filter in 2
        """)
        #expect(e.run(icmp("1.1.1.1", "2.2.2.2", type: 5, code: 1), .out) == .filterReject)
        #expect(e.run(icmp("1.1.1.1", "2.2.2.2", type: 5, code: 0), .out) == nil)
        #expect(e.run(icmp("1.1.1.1", "2.2.2.2", type: 3, code: 3), .in) == nil)
        #expect(e.run(icmp("1.1.1.1", "2.2.2.2", type: 8), .in) == .filterNoMatch)
    }

    @Test func tcpFlags() throws {
        let e = try engine("""
        ip filter 1 pass * * established
        ip filter 2 reject * * tcpflag=0x0002/0x0017 * www
        ip filter 3 pass * * tcpflag!=0x0002/0x0017 * www
        ip filter 4 restrict * * tcpfin
        ip lan2 secure filter in 1 2 3 4
        """)
        #expect(e.run(tcp("1.1.1.1", 4000, "2.2.2.2", 80, flags: TCPHeader.ack | TCPHeader.psh), .in) == nil)
        #expect(e.run(tcp("1.1.1.1", 4000, "2.2.2.2", 80, flags: TCPHeader.syn), .in) == .filterReject)
        #expect(e.run(tcp("1.1.1.1", 4000, "2.2.2.2", 80, flags: TCPHeader.syn | TCPHeader.fin), .in) == nil)
        #expect(e.run(tcp("1.1.1.1", 4000, "2.2.2.2", 81, flags: TCPHeader.fin), .in) == nil)
        #expect(e.run(tcp("1.1.1.1", 4000, "2.2.2.2", 81, flags: TCPHeader.syn), .in) == .filterNoMatch)
    }

    @Test func laterFragmentsMatchOnlyFiltersWithoutPorts() throws {
        let e = try engine("""
        ip filter 1 pass * * udp * 53
        ip filter 2 reject * * udp
        ip lan2 secure filter in 1 2
        """)
        let tail = FilterPacket(proto: IPProtocol.udp, source: "1.1.1.1", destination: "2.2.2.2")
        #expect(e.run(tail, .in) == .filterReject)
    }

    @Test func undefinedNumbersAreSkipped() throws {
        let e = try engine("""
        ip filter 2 pass * * udp
        ip lan2 secure filter in 1 2 3
        """)
        #expect(e.run(udp("1.1.1.1", 1, "2.2.2.2", 2), .in) == nil)
        #expect(e.status(slot: 0, direction: .in)?.hits.map(\.number) == [2])
    }
}
