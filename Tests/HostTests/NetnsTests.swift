import Foundation
import Testing

/// `softrtx run` on a real veth pair and a TAP device in a network namespace of its own.
/// Needs root and `ip`: runs only with SOFTRTX_NETNS=1.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["SOFTRTX_NETNS"] == "1"))
struct NetnsTests {
    let namespace = "srtx-hosttest-\(UInt16.random(in: .min ... .max))"

    @discardableResult
    func sh(_ arguments: String...) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The softrtx built next to this test bundle.
    var softrtx: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("softrtx").path
    }

    @Test func routerAnswersOnVethAndTap() throws {
        let directory = try TestDirectory()
        try sh("ip", "netns", "add", namespace)
        defer {
            _ = try? sh("ip", "netns", "delete", namespace)
            directory.remove()
        }
        try sh("ip", "-n", namespace, "link", "add", "r0", "type", "veth", "peer", "name", "h0")
        try sh("ip", "-n", namespace, "link", "set", "r0", "up")
        try sh("ip", "-n", namespace, "link", "set", "h0", "up")
        try sh("ip", "-n", namespace, "addr", "add", "10.99.0.2/24", "dev", "h0")
        let config = directory.file("r.conf")
        try "ip lan1 address 10.99.0.1/24\nip lan2 address 10.99.1.1/24\n".write(toFile: config, atomically: true, encoding: .utf8)

        let router = Process()
        router.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        router.arguments = ["ip", "netns", "exec", namespace, softrtx, "run", "--config", config,
                            "--port", "lan1=r0", "--port", "lan2=tap:srtxtap0", "--socket", directory.file("r.sock")]
        try router.run()
        defer { if router.isRunning { router.terminate() } }
        var attempts = 0
        while !FileManager.default.fileExists(atPath: directory.file("r.sock")), attempts < 50 {
            Thread.sleep(forTimeInterval: 0.1)
            attempts += 1
        }
        try sh("ip", "-n", namespace, "addr", "add", "10.99.1.2/24", "dev", "srtxtap0")

        let veth = try sh("ip", "netns", "exec", namespace, "ping", "-c", "2", "-W", "2", "10.99.0.1")
        #expect(veth.status == 0, "\(veth.output)")
        let tap = try sh("ip", "netns", "exec", namespace, "ping", "-c", "2", "-W", "2", "10.99.1.1")
        #expect(tap.status == 0, "\(tap.output)")
        let console = try sh(softrtx, "console", "--socket", directory.file("r.sock"), "-c", "ping -c 2 10.99.0.2; show arp")
        #expect(console.output.contains("2 packets received"), "\(console.output)")
        #expect(console.output.contains("10.99.1.2"), "\(console.output)")

        router.terminate()
        router.waitUntilExit()
        #expect(router.terminationStatus == 0)
    }
}
