import Foundation
import Testing

/// `softrtx run` on a real veth pair and a TAP device in a network namespace of its own.
/// Needs root and `ip`: runs only with SOFTRTX_NETNS=1.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["SOFTRTX_NETNS"] == "1"))
struct NetnsTests {
    let namespace = "srtx-hosttest-\(UInt16.random(in: .min ... .max))"

    @Test func routerAnswersOnVethAndTap() throws {
        let directory = try TestDirectory()
        defer {
            _ = try? Shell.run("ip", "netns", "delete", namespace)
            directory.remove()
        }
        try Shell.vethNamespace(namespace, hostAddress: "10.99.0.2/24")
        let config = directory.file("r.conf")
        try "ip lan1 address 10.99.0.1/24\nip lan2 address 10.99.1.1/24\n".write(toFile: config, atomically: true, encoding: .utf8)

        let router = Process()
        router.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        router.arguments = ["ip", "netns", "exec", namespace, Shell.softrtx, "run", "--config", config,
                            "--port", "lan1=r0", "--port", "lan2=tap:srtxtap0", "--socket", directory.file("r.sock")]
        try router.run()
        defer { if router.isRunning { router.terminate() } }
        var attempts = 0
        while !FileManager.default.fileExists(atPath: directory.file("r.sock")), attempts < 50 {
            Thread.sleep(forTimeInterval: 0.1)
            attempts += 1
        }
        try Shell.run("ip", "-n", namespace, "addr", "add", "10.99.1.2/24", "dev", "srtxtap0")

        let veth = try Shell.run("ip", "netns", "exec", namespace, "ping", "-c", "2", "-W", "2", "10.99.0.1")
        #expect(veth.status == 0, "\(veth.output)")
        let tap = try Shell.run("ip", "netns", "exec", namespace, "ping", "-c", "2", "-W", "2", "10.99.1.1")
        #expect(tap.status == 0, "\(tap.output)")
        let console = try Shell.run(Shell.softrtx, "console", "--socket", directory.file("r.sock"), "-c", "ping -c 2 10.99.0.2; show arp")
        #expect(console.output.contains("2 packets received"), "\(console.output)")
        #expect(console.output.contains("10.99.1.2"), "\(console.output)")

        router.terminate()
        router.waitUntilExit()
        #expect(router.terminationStatus == 0)
    }
}
