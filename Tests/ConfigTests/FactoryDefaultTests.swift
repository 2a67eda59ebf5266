import Testing
@testable import Config

@Suite struct FactoryDefaultTests {
    static let factoryLines = [
        "ip lan1 address 192.168.100.1/24",
        "dhcp service server",
        "dhcp server rfc2131 compliant except remain-silent",
        "dhcp scope 1 192.168.100.2-192.168.100.191/24",
    ]

    @Test func printsTheFactoryLines() throws {
        #expect(Config.factoryDefault(model: "RTX830").lines() == FactoryDefaultTests.factoryLines)
        #expect(try Config.parse(FactoryDefaultTests.factoryLines.joined(separator: "\n")) == .factoryDefault())
    }

    @Test(arguments: [
        "no ip lan1 address", "no ip lan1 address 192.168.100.1/24",
        "no dhcp service", "no dhcp service server",
        "no dhcp server rfc2131 compliant", "no dhcp server rfc2131 compliant except remain-silent",
        "no dhcp scope 1", "no dhcp scope 1 192.168.100.2-192.168.100.191/24",
    ])
    func eachFactoryLineIsRemovedByNo(line: String) throws {
        var config = Config.factoryDefault()
        var context = ConsoleContext()
        #expect(try config.execute(line, context: &context))
        let removed = line.split(separator: " ").dropFirst().prefix(3).joined(separator: " ")
        #expect(config.lines() == FactoryDefaultTests.factoryLines.filter { !$0.hasPrefix(removed) })
    }

    @Test func removingAllFactoryLinesLeavesAnEmptyConfig() throws {
        var config = Config.factoryDefault()
        var context = ConsoleContext()
        for line in FactoryDefaultTests.factoryLines {
            #expect(try config.execute("no " + line, context: &context))
        }
        #expect(config == Config())
        #expect(config.lines().isEmpty)
    }
}
