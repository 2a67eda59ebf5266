import Testing
@testable import Config

/// Config files as Windows editors, broken tools and generators write them.
@Suite struct ConfigFileTests {
    static func errors(_ bytes: [UInt8]) -> [ConfigError] {
        do {
            _ = try Config.parse(file: bytes)
            return []
        } catch {
            return error.errors
        }
    }

    @Test func crlfLinesParseAsLFLines() throws {
        let lf = try Seed.text("yamaha01.conf")
        let crlf = lf.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
        let expected = try Config.parse(lf)
        #expect(try Config.parse(crlf) == expected)
        #expect(try Config.parse(file: Array(crlf.utf8)) == expected)
        #expect(try Config.parse(lf + "\r") == expected)
    }

    @Test func invalidUTF8NamesItsLineAndByteOffset() {
        let bytes = Array("ip route default gateway 192.168.1.1\r\nip lan1 address ".utf8) + [0xFF] + Array("10.0.0.1/24\n".utf8)
        let errors = ConfigFileTests.errors(bytes)
        #expect(errors == [ConfigError(.invalidUTF8(byteOffset: 54), line: 2, text: "ip lan1 address \u{FFFD}10.0.0.1/24")])
        #expect(errors.first?.description == "line 2: ip lan1 address \u{FFFD}10.0.0.1/24: Error: Invalid UTF-8 at byte offset 54")
    }

    /// A lone continuation byte, an overlong "/", a surrogate, a sequence cut short, a code point past U+10FFFF.
    @Test(arguments: [[0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE3, 0x81], [0xF4, 0x90, 0x80, 0x80]] as [[UInt8]])
    func theFirstInvalidByteIsFound(bad: [UInt8]) {
        let before = Array("# caf\u{E9} \u{3042}\nip route ".utf8)
        let bytes = before + bad + Array(" default gateway 10.0.0.1\n".utf8) + [0xFF]
        #expect(ConfigFileTests.errors(bytes).map(\.reason) == [.invalidUTF8(byteOffset: before.count)])
        #expect(ConfigFileTests.errors(bytes).map(\.line) == [2])
    }

    @Test func aNULIsAnErrorOfItsLine() {
        let errors = ConfigFileTests.errors(Array("ip lan1 address 10.0.0.1/24\nip route default\0 gateway 10.0.0.2\n\0\n".utf8))
        #expect(errors == [
            ConfigError(.nulCharacter, line: 2, text: "ip route default\\0 gateway 10.0.0.2"),
            ConfigError(.nulCharacter, line: 3, text: "\\0"),
        ])
        #expect(errors.first?.description == "line 2: ip route default\\0 gateway 10.0.0.2: Error: Invalid character (NUL)")
    }

    /// Loading was quadratic (each line copied the route table to roll back to, and swept every table
    /// for emptied entries); timing is left to the reader, this only shows that such files load.
    @Test(arguments: [
        { "ip route 10.\($0 >> 16).\($0 >> 8 & 255).\($0 & 255)/32 gateway 192.168.0.1" },
        { "nat descriptor type \($0 + 1) masquerade" },
    ] as [@Sendable (Int) -> String])
    func aHundredThousandLinesLoad(line: @Sendable (Int) -> String) throws {
        let config = try Config.parse(file: Array((0..<100_000).map(line).joined(separator: "\n").utf8))
        #expect(config.routes.count + config.natDescriptors.count == 100_000)
    }

    @Test func anEntryLeftWithoutSettingsGoes() throws {
        let config = try Config.parse("""
            nat descriptor type 1 masquerade
            no nat descriptor type 1
            nat descriptor masquerade static 2 1 192.168.100.2 esp
            no nat descriptor masquerade static 2 1
            ipsec ike pfs 1 on
            no ipsec ike pfs 1
            ip lan2 mtu 1400
            no ip lan2 mtu
            tunnel disable 5
            tunnel select 6
             l2tp syslog on
             no l2tp syslog
            """)
        #expect(config == Config())
    }
}
