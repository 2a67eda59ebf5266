import Testing
import Wire
@testable import Config

/// Random filter lines never crash the parser; what it refuses is a ConfigError and changes nothing,
/// and what it takes prints back to the same config.
@Suite struct FilterFuzzTests {
    static let tokens = ["*", "pass", "reject-nolog", "restrict-log", "tcp", "udp,tcp", "icmp", "tcpflag=0x0002/0x0017",
                         "established", "www,21,nntp", "netbios_ns-netbios_ssn", "1024-", "-1023", "192.168.0.0/16",
                         "10.0.0.1-10.0.0.9", "172.16.*.*", "0x", "/", "-", ",", "=", "65536", "0", "21474836", "dynamic",
                         "filter", "in", "out", "syslog=off", "timeout=30", "on", "off", "reject=on", "ip-option", "ftp", "",
                         "ping", "1.2.3.4/0xffffff00", "tcpflag!=0x10/0x10", "*.*.*.*", "999.1.1.1"]
    static let heads = ["ip filter 5", "ip filter dynamic 5", "ip lan2 secure filter", "ip lan1 intrusion detection",
                        "no ip filter", "no ip lan2 secure filter", "no ip lan1 intrusion detection", "ip filter"]

    @Test func randomLines() throws {
        var random = SeededGenerator(seed: 1701)
        var accepted = 0
        for _ in 0..<20_000 {
            let head = FilterFuzzTests.heads[Int(random.next() % UInt64(FilterFuzzTests.heads.count))]
            let words = (0..<Int(random.next() % 8)).map { _ in
                FilterFuzzTests.tokens[Int(random.next() % UInt64(FilterFuzzTests.tokens.count))]
            }
            var config = Config()
            var context = ConsoleContext()
            let line = ([head] + words).joined(separator: " ")
            do {
                _ = try config.execute(line, context: &context)
                accepted += 1
                #expect(try Config.parse(config.text) == config, "\(line)")
            } catch {
                #expect(config == Config(), "\(line)")
            }
        }
        #expect(accepted > 20, "some random lines are well formed")
    }
}
