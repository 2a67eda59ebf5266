import Testing
@testable import Config

struct TCPMSSLimitTests {
    @Test func parsesPrintsAndRemoves() throws {
        var config = try Config.parse("""
        ip lan2 tcp mss limit 1414
        tunnel select 1
         ip tunnel tcp mss limit auto
        """)
        #expect(config.interfaces[.lan2]?.tcpMSSLimit == .value(1414))
        #expect(config.interfaces[.tunnel(1)]?.tcpMSSLimit == .auto)
        #expect(config.lines().contains("ip lan2 tcp mss limit 1414"))
        #expect(config.lines().contains(" ip tunnel tcp mss limit auto"))
        var context = ConsoleContext()
        _ = try config.execute("no ip lan2 tcp mss limit", context: &context)
        #expect(config.interfaces[.lan2]?.tcpMSSLimit == nil)
        #expect(config.effectiveInterface(.lan2).effectiveTCPMSSLimit == .off)
    }

    @Test func refusesOutOfRange() {
        for line in ["ip lan2 tcp mss limit 535", "ip lan2 tcp mss limit 1461", "ip lan2 tcp mss limit big", "ip lan2 tcp mss limit"] {
            #expect(throws: ConfigErrors.self, "\(line)") { try Config.parse(line) }
        }
    }
}
