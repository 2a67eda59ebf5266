import Foundation
import NIOCore
import Testing
@testable import Host

/// What a console client may hold in `softrtx run`: sessions, line length, lines and output waiting.
@Suite struct ConsoleLimitsTests {
    /// Polls `condition` until it holds, for up to 10 s.
    func eventually(_ condition: () throws -> Bool) throws -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if try condition() { return true }
            usleep(10_000)
        }
        return false
    }

    @Test func aFrameOverTheLineLimitIsRefusedFromItsHeader() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let router = try RunningRouterTests().start("", in: directory)
        defer { router.stop() }

        let raw = try RawConsoleSocket(path: directory.file("r.sock"))
        #expect(try raw.next() == .prompt("#"))
        // A header claiming 16 MiB, and no body: the answer comes without waiting for it.
        var header = ByteBuffer(bytes: [UInt8(ascii: "L"), 0x01, 0, 0, 0])
        #expect(raw.sendNow(&header))
        #expect(try raw.next() == .output("Error: console frame of 16777216 bytes (at most 65536)\n"))
        #expect(try raw.next() == nil)

        let client = try ConsoleClient(path: directory.file("r.sock"))
        _ = try client.next()
        var drops = ""
        _ = try client.run("show status drop") { drops += $0 }
        #expect(drops.contains("console-frame-refused                    1"))
    }

    @Test func aNinthSessionIsRefusedUntilOneCloses() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let router = try RunningRouterTests().start("", in: directory)
        defer { router.stop() }

        var sessions: [ConsoleClient] = []
        for _ in 0..<ConsoleLimits.sessions {
            let client = try ConsoleClient(path: directory.file("r.sock"))
            #expect(try client.prompt { _ in } == "#")
            sessions.append(client)
        }
        var refusal = ""
        let ninth = try ConsoleClient(path: directory.file("r.sock"))
        #expect(try ninth.prompt { refusal += $0 } == nil)
        #expect(refusal == "Error: 8 console sessions are open; try again later\n")

        sessions.removeFirst()
        var tenth: ConsoleClient?
        #expect(try eventually {
            let client = try ConsoleClient(path: directory.file("r.sock"))
            guard try client.prompt(output: { _ in }) != nil else { return false }
            tenth = client
            return true
        })
        var drops = ""
        _ = try tenth?.run("show status drop") { drops += $0 }
        #expect(drops.contains("console-session-refused                  1"))
    }

    @Test func aClientThatDoesNotReadHoldsBoundedOutputAndOthersAreServed() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        // Static routes enough for a `show config` of some kilobytes.
        let routes = (0..<250).map { "ip route 10.\($0 / 256).\($0 % 256).0/24 gateway 192.0.2.9\n" }.joined()
        let router = try RunningRouterTests().start("ip lan2 address 192.0.2.1/24\n" + routes, in: directory)
        defer { router.stop() }

        var flooder: RawConsoleSocket? = try RawConsoleSocket(path: directory.file("r.sock"))
        #expect(try flooder?.next() == .prompt("#"))
        var lines = ByteBuffer()
        for _ in 0..<50_000 { ConsoleFrame.line("show config").encode(into: &lines) }
        // Sends until the router stops taking lines for a while (or takes them all).
        var stalls = 0
        while lines.readableBytes > 0, stalls < 30 {
            if flooder?.sendNow(&lines) == true { stalls = 0 } else { stalls += 1; usleep(10_000) }
        }
        #expect(lines.readableBytes > 0, "the router read every line of a client that reads nothing")
        #expect(try eventually { try router.consoleHoldings().first?.readHeld == true })

        let client = try ConsoleClient(path: directory.file("r.sock"))
        _ = try client.next()
        var config = ""
        #expect(try client.run("show config") { config += $0 } == "#")
        #expect(config.contains("ip route 10.0.249.0/24 gateway 192.0.2.9"))

        let held = try #require(try router.consoleHoldings().first)
        // Over the high mark (so the bound was reached), by at most the output of the one command run
        // while under it, and its prompt.
        #expect(held.outputBytes > ConsoleLimits.output.high)
        #expect(held.outputBytes <= ConsoleLimits.output.high + 5 + config.utf8.count + 5 + 1)
        #expect(held.lines <= ConsoleLimits.pendingLines)
        // A partial line and the rest of one read (NIO reads at most 64 KiB at a time).
        #expect(held.inputBytes <= ConsoleFrame.maximumLineLength + 65536)

        flooder = nil
        #expect(try eventually { try router.consoleHoldings().count == 1 })
        #expect(try client.run("show config") { _ in } == "#")
    }
}

@Suite struct ConsoleIdleTests {
    /// Eight idle connections would hold every session for ever: a session that sends nothing for the
    /// login timer is told so and closed, and one that keeps typing stays.
    @Test func anIdleSessionIsClosedAtTheLoginTimer() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let file = ConfigFile(path: directory.file("r.conf"))
        try "".write(toFile: file.path, atomically: true, encoding: .utf8)
        let router = try RunningRouter.start(RunSettings(
            name: "r", config: try file.load(), configFile: file, ports: [], socketPath: directory.file("r.sock"), seed: 1,
            consoleIdleTimeout: .seconds(1)))
        defer { router.stop() }

        let idle = try ConsoleClient(path: directory.file("r.sock"))
        let busy = try ConsoleClient(path: directory.file("r.sock"))
        #expect(try idle.next() == .prompt("#"))
        #expect(try busy.next() == .prompt("#"))
        for _ in 0..<5 {
            usleep(400_000)
            _ = try busy.run("show ip route") { _ in }
        }
        #expect(try idle.next() == .output("Error: no input for 1 seconds: console session closed (login timer)\n"))
        #expect(try idle.next() == nil, "closed")
        var routes = ""
        _ = try busy.run("show ip route") { routes += $0 }
        #expect(routes.contains("Destination"))
    }
}
