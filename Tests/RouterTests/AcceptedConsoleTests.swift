import Config
import Router
import Testing

/// Lines SoftRTX keeps without acting on, typed at a live router's console.
@Suite struct AcceptedConsoleTests {
    @Test func consoleWarnsAndKeepsTheLine() throws {
        var bench = try Bench("console prompt yamaha01\nip lan1 address 192.168.100.1/24")
        #expect(bench.type("sshd service on") == "Warning: accepted, no effect in SoftRTX\n")
        #expect(bench.type("ip lan1 proxyarp on") == "")
        #expect(bench.type("sshd servce on") == "Error: Invalid command name\n")
        #expect(bench.type("pp select 1") == "")
        #expect(bench.router.prompt == "yamaha01pp1#")
        // PPPoE settings act; a PP line SoftRTX does not act on is kept with the warning.
        #expect(bench.type("pppoe use lan2") == "")
        #expect(bench.type("ip pp mtu 1454") == "")
        #expect(bench.type("pp keepalive log on") == "Warning: accepted, no effect in SoftRTX\n")
        #expect(bench.type("tunnel select 2") == "")
        #expect(bench.router.prompt == "yamaha01tunnel2#")
        #expect(bench.type("pppoe use lan2") == "Error: Select a PP first (pp select N)\n")
        #expect(bench.type("administrator") == "Error: Invalid command name\n")
        let shown = bench.type("show config")
        #expect(shown.contains("\nsshd service on\n") && shown.contains("\npp select 1\n pp keepalive log on\n pppoe use lan2\n ip pp mtu 1454\n"))
        _ = bench.type("save")
        #expect(bench.router.saved.lines().contains("sshd service on"))
    }
}
