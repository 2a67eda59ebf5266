import Config
import Foundation
import NIOCore
import OracleSupport
import Router
import Testing
import Wire

/// `timezone`, `syslog host` and `show config unsupported` on a router.
@Suite struct SyslogTests {
    static let config = """
    ip lan1 address 192.168.100.1/24
    syslog host 192.168.100.50
    syslog facility local0
    syslog srcport 5140
    """
    static let collector: IPv4Address = "192.168.100.50"

    /// A log line makes the router resolve the collector and send it `<PRI> MESSAGE` over UDP 514.
    static func syslogFrames(_ configText: String = config) throws -> [ByteBuffer] {
        var bench = try Bench(configText)
        bench.now += .seconds(1)
        bench.router.linkChanged(port: "lan2", up: true, now: bench.now)
        let asked = bench.router.takeTransmissions()
        // Nothing to send: no ARP for the collector either.
        guard let request = asked.compactMap({ arp($0.frame) }).first else { return [] }
        #expect(request.targetIP == collector)
        let reply = ARPPacket(operation: .reply, senderMAC: hostMAC, senderIP: collector, targetMAC: bench.mac("lan1"), targetIP: "192.168.100.1")
        let frame = EthernetHeader.frame(destination: bench.mac("lan1"), source: hostMAC, etherType: EtherType.arp, payload: reply.buffer)
        return bench.send(frame, on: "lan1").map(\.frame).filter { ip($0)?.header.protocol == IPProtocol.udp }
    }

    @Test func aLogLineGoesToTheSyslogHost() throws {
        let frames = try SyslogTests.syslogFrames()
        // The router's start line (logged before any interface was up) and the link line.
        #expect(frames.count == 2)
        let last = try #require(frames.last)
        let packet = try #require(ip(last))
        #expect(packet.header.source == "192.168.100.1" && packet.header.destination == SyslogTests.collector)
        let (udp, payload) = try UDPHeader.parse(packet.payload, source: packet.header.source, destination: packet.header.destination)
        #expect(udp.sourcePort == 5140 && udp.destinationPort == 514)
        // local0 (16) * 8 + info (6) = 134.
        #expect(String(buffer: payload) == "<134> LAN2: link up")
    }

    @Test func syslogInfoOffSendsNothing() throws {
        #expect(try SyslogTests.syslogFrames(SyslogTests.config + "\nsyslog info off").isEmpty)
    }

    /// tshark's syslog dissector reads the facility, the severity and the text.
    @Test(.enabled(if: Oracle.enabled)) func tsharkDecodesTheSyslogMessage() throws {
        let frames = try SyslogTests.syslogFrames()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("softrtx-syslog-\(getpid()).pcap")
        try Oracle.pcap(frames).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let fields = try Oracle.tshark(["-r", file.path, "-d", "udp.port==514,syslog", "-T", "fields",
                                        "-e", "syslog.facility", "-e", "syslog.level", "-e", "syslog.msg"])
        let last = try #require(fields.split(separator: "\n").last).split(separator: "\t")
        #expect(last.count == 3)
        #expect(last.first == "16" && last.dropFirst().first == "6")
        #expect(last.last?.contains("LAN2: link up") == true)
    }

    /// Log times, `show log` and `show config`'s Reporting Date follow `timezone` (default jst).
    @Test func timesFollowTheTimezone() throws {
        var bench = try Bench("ip lan1 address 192.168.100.1/24")
        #expect(bench.type("show log").hasPrefix("2026/01/01 00:00:00: "))
        #expect(bench.type("show config").contains("# Reporting Date: Jan  1 00:00:00 2026\n"))
        #expect(bench.type("timezone utc") == "")
        #expect(bench.type("show log").hasPrefix("2025/12/31 15:00:00: "))
        #expect(bench.type("show config").contains("# Reporting Date: Dec 31 15:00:00 2025\n"))
        _ = bench.type("timezone -05:30")
        #expect(bench.type("show log").hasPrefix("2025/12/31 09:30:00: "))
        #expect(bench.type("show config").contains("\ntimezone -05:30\n"))
    }

    @Test func showConfigUnsupportedCountsAcceptedLines() throws {
        var bench = try Bench("ip lan1 address 192.168.100.1/24\nsshd service on\nsshd host lan1\nschedule at 1 */* 03:00 * ntpdate ntp.nict.jp\nschedule at 2 */* 04:00 * ntpdate ntp.nict.jp")
        #expect(bench.type("show config unsupported") == """
        Accepted without effect: 4
          schedule at                                  2
          sshd host                                    1
          sshd service                                 1

        """)
    }
}
