import Config
import Testing
import Wire
@testable import Router

@Suite struct ConsoleTests {
    @Test func factoryDefaultAndNoForms() {
        let r = Router(name: "r", seed: 1)
        r.enter("show config", now: .zero)
        let factory = r.takeConsoleOutput()
        #expect(factory.contains("ip lan1 address 192.168.100.1/24"))
        #expect(factory.contains("dhcp scope 1 192.168.100.2-192.168.100.191/24"))
        for line in ["no ip lan1 address 192.168.100.1/24", "no dhcp service server",
                     "no dhcp server rfc2131 compliant except remain-silent", "no dhcp scope 1 192.168.100.2-192.168.100.191/24"] {
            r.enter(line, now: .zero)
        }
        #expect(r.takeConsoleOutput() == "")
        #expect(r.running.lines().isEmpty)
        #expect(r.saved != r.running)
        r.enter("save", now: .zero)
        #expect(r.takeConsoleOutput() == "セーブ中... CONFIG0 終了\n")
        #expect(r.saved == r.running)
    }

    /// `console character` chooses the console's language: Japanese by default (ja.sjis on an
    /// RTX830), English with en.ascii, as a captured RTX prints `save` then.
    @Test func consoleCharacterChoosesTheLanguage() {
        let r = Router(name: "r", seed: 1)
        r.enter("save", now: .zero)
        #expect(r.takeConsoleOutput().contains("セーブ中... CONFIG0 終了"))
        r.enter("console character en.ascii", now: .zero)
        _ = r.takeConsoleOutput()
        r.enter("save", now: .zero)
        #expect(r.takeConsoleOutput().contains("Saving ... CONFIG0 Done ."))
        #expect(r.running.lines().first == "console character en.ascii")
        r.enter("console character ja.utf8", now: .zero)
        r.enter("save", now: .zero)
        #expect(r.takeConsoleOutput().contains("セーブ中"))
        r.enter("console character kanji", now: .zero)
        #expect(r.takeConsoleOutput().contains("Error: Invalid parameter"))
        #expect(r.running.consoleCharacter == .jaUTF8)
    }

    @Test func promptFollowsTunnelSelect() {
        let r = Router(name: "r", seed: 1)
        r.enter("console prompt yamaha01", now: .zero)
        #expect(r.prompt == "yamaha01#")
        r.enter("tunnel select 1", now: .zero)
        #expect(r.prompt == "yamaha01tunnel1#")
        r.enter("tunnel select none", now: .zero)
        #expect(r.prompt == "yamaha01#")
    }

    @Test func badLinesPrintRTXErrorsAndChangeNothing() {
        let r = Router(name: "r", seed: 1)
        let before = r.running
        r.enter("ip lan1 adress 10.0.0.1/24", now: .zero)
        #expect(r.takeConsoleOutput() == "Error: Invalid command name\n")
        r.enter("ip lan1 address 10.0.0.300/24", now: .zero)
        #expect(r.takeConsoleOutput().hasPrefix("Error:"))
        #expect(r.running == before)
        r.enter("show nothing", now: .zero)
        #expect(r.takeConsoleOutput() == "Error: Invalid parameter\n")
    }

    @Test func pingPrintsRTXLinesAndLossSummary() {
        let r = Router(name: "r", config: try! Config.parse("ip lan2 address 10.0.2.1/24"), seed: 1)
        r.enter("ping -c 3 10.0.2.99", now: .zero)
        var now = Duration.zero
        while r.isConsoleBusy && now < .seconds(30) {
            now += .milliseconds(100)
            r.advance(to: now)
        }
        #expect(r.takeConsoleOutput() == "\n3 packets transmitted, 0 packets received, 100.0% packet loss\n")
        r.enter("ping -c 2 10.0.2.1", now: now)
        r.advance(to: now + .seconds(1))
        #expect(r.takeConsoleOutput() == """
            received from 10.0.2.1: icmp_seq=0 ttl=255 time=0.000ms
            received from 10.0.2.1: icmp_seq=1 ttl=255 time=0.000ms

            2 packets transmitted, 2 packets received, 0.0% packet loss
            round-trip min/avg/max = 0.000/0.000/0.000 ms

            """)
        #expect(!r.isConsoleBusy)
        r.enter("ping", now: now)
        #expect(r.takeConsoleOutput() == "Error: Insufficient or too many parameters\n")
    }

    @Test func pingSessionArithmetic() {
        var s = PingSession(options: .init(target: "10.0.0.1"), identifier: 9, now: .zero)
        #expect(s.due(now: .zero) == 0)
        #expect(s.due(now: .milliseconds(500)) == nil)
        let line = s.reply(from: "10.0.0.1", identifier: 9, sequence: 0, ttl: 252, now: .microseconds(288))
        #expect(line == "received from 10.0.0.1: icmp_seq=0 ttl=252 time=0.288ms")
        #expect(s.reply(from: "10.0.0.1", identifier: 9, sequence: 0, ttl: 252, now: .microseconds(300)) == nil, "duplicate")
        #expect(s.reply(from: "10.0.0.1", identifier: 8, sequence: 0, ttl: 252, now: .microseconds(300)) == nil, "another ping's")
        #expect(String(format1: 40) == "40.0" && String(format1: 100.0 / 3) == "33.3")
    }

    @Test func logTimestamps() {
        #expect(RouterClock.timestamp(.seconds(3725)) == "2026/01/01 01:02:05")
        #expect(RouterClock.reportingDate(.seconds(86400 * 40)) == "Feb 10 00:00:00 2026")
        #expect(RouterClock.reportingDate(.zero) == "Jan  1 00:00:00 2026")
    }
}
