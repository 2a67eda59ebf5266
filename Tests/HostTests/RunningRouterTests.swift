import Config
import Foundation
import Testing
@testable import Host

/// The console socket end to end, with a router bound to no links (no privileges needed).
@Suite struct RunningRouterTests {
    func start(_ text: String, in directory: TestDirectory, ports: [PortBinding] = []) throws -> RunningRouter {
        let file = ConfigFile(path: directory.file("r.conf"))
        try text.write(toFile: file.path, atomically: true, encoding: .utf8)
        return try RunningRouter.start(RunSettings(
            name: "r", config: try file.load(), configFile: file, ports: ports,
            socketPath: directory.file("r.sock"), seed: 1))
    }

    @Test func consoleRunsCommandsAndSaveWritesTheFileBack() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let router = try start("console prompt r1\nip lan2 address 192.0.2.1/24\n", in: directory)
        defer { router.stop() }

        let client = try ConsoleClient(path: directory.file("r.sock"))
        #expect(try client.next() == .prompt("r1#"))
        var output = ""
        #expect(try client.run("show ip route") { output += $0 } == "r1#")
        #expect(output.contains("192.0.2.0/24"))
        output = ""
        #expect(try client.run("tunnel select 1") { output += $0 } == "r1tunnel1#")
        #expect(try client.run("bogus") { output += $0 } == "r1tunnel1#")
        #expect(output == "Error: Invalid command name\n")
        _ = try client.run("tunnel select none") { _ in }
        _ = try client.run("ip lan1 address 198.51.100.1/24") { _ in }
        output = ""
        _ = try client.run("save") { output += $0 }
        #expect(output == "セーブ中... CONFIG0 終了\n")
        let saved = try String(contentsOfFile: directory.file("r.conf"), encoding: .utf8)
        #expect(saved.contains("ip lan1 address 198.51.100.1/24"))
        #expect(saved.contains("console prompt r1"))
    }

    /// An interactive session gets long output a page at a time (`console lines`); a script never.
    @Test func anInteractiveSessionIsPaged() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let routes = (1...30).map { "ip route 10.\($0).0.0/16 gateway 192.0.2.9" }.joined(separator: "\n")
        let router = try start("console prompt r1\nconsole lines 10\nip lan2 address 192.0.2.1/24\n\(routes)\n", in: directory)
        defer { router.stop() }

        let script = try ConsoleClient(path: directory.file("r.sock"))
        _ = try script.next()
        var output = ""
        #expect(try script.run("show config") { output += $0 } == "r1#")
        #expect(output.split(separator: "\n").count > 30)

        let person = try ConsoleClient(path: directory.file("r.sock"))
        _ = try person.next()
        try person.declareInteractive()
        output = ""
        #expect(try person.run("show config") { output += $0 } == "---more---")
        #expect(output.split(separator: "\n").count == 9)
        output = ""
        #expect(try person.run("") { output += $0 } == "---more---")
        #expect(output.split(separator: "\n").count == 9)
        // `q` drops the rest, and the next line is a command again.
        output = ""
        #expect(try person.run("q") { output += $0 } == "r1#")
        #expect(output.isEmpty)
        #expect(try person.run("console lines infinity") { _ in } == "r1#")
        output = ""
        #expect(try person.run("show config") { output += $0 } == "r1#")
        #expect(output.split(separator: "\n").count > 30)
    }

    @Test func aPingHoldsThePromptUntilItsSummary() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let router = try start("ip lan2 address 192.0.2.1/24\n", in: directory)
        defer { router.stop() }

        let client = try ConsoleClient(path: directory.file("r.sock"))
        _ = try client.next()
        var output = ""
        let prompt = try client.run("ping -c 1 -w 1 192.0.2.9") { output += $0 }
        #expect(prompt == "#")
        #expect(output.contains("1 packets transmitted, 0 packets received"))
    }

    @Test func stopRemovesTheSocket() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let router = try start("", in: directory)
        #expect(FileManager.default.fileExists(atPath: directory.file("r.sock")))
        router.stop()
        #expect(!FileManager.default.fileExists(atPath: directory.file("r.sock")))
        #expect(throws: HostError.self) { try ConsoleClient(path: directory.file("r.sock")) }
    }

    @Test func aMissingInterfaceIsAClearError() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        #expect(throws: HostError.noInterface("veth9", port: "lan1")) {
            try start("", in: directory, ports: [PortBinding(port: "lan1", device: .interface("veth9"))])
        }
        #expect(HostError.noInterface("veth9", port: "lan1").description == "no interface 'veth9' for lan1")
        // Nothing was started: no console socket.
        #expect(!FileManager.default.fileExists(atPath: directory.file("r.sock")))
    }

    @Test func aConfigWithAnErrorIsRefusedWithItsLine() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let path = directory.file("bad.conf")
        try "ip lan1 address 192.0.2.1/24\nip lan1 adress 192.0.2.1/24\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try ConfigFile(path: path).load()
        } throws: { error in
            "\(error)".hasPrefix("\(path):line 2: ip lan1 adress 192.0.2.1/24: Error:")
        }
    }
}
