import Testing
import Wire
@testable import Config

/// Random lines built from the command table's own words and from value-like tokens: every outcome is
/// applied, accepted without effect, not a config line, or a ConfigError; never a crash, never a
/// change made by a refused line.
@Suite struct GrammarFuzzTests {
    static let values = ["on", "off", "1", "0", "65535", "65536", "2147483648", "-1", "+5", "lan1", "lan9", "pp1", "pp", "tunnel",
                         "tunnel1", "192.168.0.1", "192.168.0.300", "10.0.0.0/8", "10.0.0.1-10.0.0.9", "*", "*/*", "03:00", "25:00",
                         "any", "none", "lan", "auto", "count=3", "count=x", "=", "[", "]", "...", "encrypted", "infinity", "", "all"]

    @Test func randomLinesNeverCrash() {
        var random = SeededGenerator(seed: 0x50F7_2026)
        let words = Array(Set(Command.all.flatMap(\.words)))
        let firsts = Array(Command.firstWords)
        var outcomes: [String: Int] = [:]
        var config = Config()
        var context = ConsoleContext()
        for _ in 0..<20_000 {
            // Half the lines start with a real command's words (IF as lan1 or the selected tunnel or PP).
            var tokens = [firsts.randomElement(using: &random) ?? "ip"]
            if Bool.random(using: &random), let command = Command.all.randomElement(using: &random) {
                tokens = command.words.map { $0 == "IF" ? ["lan1", "lan2", "tunnel", "pp"].randomElement(using: &random) ?? "lan1" : $0 }
                if Int.random(in: 0..<4, using: &random) == 0 { tokens.insert("no", at: 0) }
            }
            if Int.random(in: 0..<50, using: &random) == 0 {
                tokens = [["tunnel", "select", "1"], ["pp", "select", "1"], ["pp", "select", "none"]].randomElement(using: &random) ?? []
            }
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                tokens.append(Bool.random(using: &random) ? words.randomElement(using: &random) ?? "" : GrammarFuzzTests.values.randomElement(using: &random) ?? "")
            }
            let before = config
            do {
                let outcome = try config.run(tokens.joined(separator: " "), context: &context)
                outcomes["\(outcome)", default: 0] += 1
            } catch {
                outcomes["error", default: 0] += 1
                #expect(config == before, "\(tokens)")
            }
        }
        // The fuzz reached every kind of outcome, and what it built still prints and parses back.
        #expect(outcomes["applied", default: 0] > 0 && outcomes["acceptedNoEffect", default: 0] > 0 && outcomes["error", default: 0] > 0)
        #expect(Config.check(config.text).errors.isEmpty)
    }

    @Test func grammarNotation() throws {
        let grammar = Grammar("N:1-100 [retry-interval=N:1-65535] [count=N:1-50,off] [TEXT]...")
        try grammar.check(["30"])
        try grammar.check(["30", "retry-interval=30", "count=off", "a", "b"])
        #expect(throws: ConfigError(.invalidParameter)) { try grammar.check(["101"]) }
        #expect(throws: ConfigError(.invalidParameter)) { try Grammar("N:1-100 [count=N:1-50,off]").check(["30", "count=51"]) }
        #expect(throws: ConfigError(.parameterCount)) { try grammar.check([]) }
        let fixed = Grammar("ON [ON [ON]]")
        #expect(throws: ConfigError(.parameterCount)) { try fixed.check(["on", "on", "on", "on"]) }
        #expect(fixed.minimum == 1 && fixed.maximum == 3)
    }

    /// Loading stays linear with accepted lines too: 20,000 schedule and NAT timer lines.
    @Test func manyAcceptedLinesLoad() throws {
        let lines = (1...10_000).flatMap { ["schedule at \($0) */* 03:00 * ntpdate ntp.nict.jp", "nat descriptor timer \($0) 600"] }
        let config = try Config.parse(lines.joined(separator: "\n"))
        #expect(config.accepted.count == 20_000)
    }
}
