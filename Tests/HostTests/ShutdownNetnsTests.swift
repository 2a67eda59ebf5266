import Foundation
import Testing

/// SIGINT/SIGTERM closes the L2TP control connection with a StopCCN before `softrtx run` exits:
/// two routers on the two ends of a veth pair, the StopCCN seen by tcpdump on the peer's end.
/// Needs root, `ip` and `tcpdump`: runs only with SOFTRTX_NETNS=1.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["SOFTRTX_NETNS"] == "1"))
struct ShutdownNetnsTests {
    let namespace = "srtx-stoptest-\(UInt16.random(in: .min ... .max))"

    func config(local: String, remote: String) -> String {
        """
        ip lan2 address \(local)/24
        tunnel select 1
         tunnel encapsulation l2tpv3-raw
         tunnel endpoint address \(local) \(remote)
         l2tp always-on on
         l2tp local router-id \(local)
         l2tp remote router-id \(remote)
         l2tp remote end-id STOPTEST
         tunnel enable 1
        l2tp service on l2tpv3

        """
    }

    func startRouter(_ name: String, link: String, local: String, remote: String, in directory: TestDirectory) throws -> Process {
        let file = directory.file("\(name).conf")
        try config(local: local, remote: remote).write(toFile: file, atomically: true, encoding: .utf8)
        let router = Process()
        router.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        router.arguments = ["ip", "netns", "exec", namespace, Shell.softrtx, "run", "--config", file,
                            "--port", "lan2=\(link)", "--socket", directory.file("\(name).sock")]
        try router.run()
        return router
    }

    func l2tpStatus(_ name: String, in directory: TestDirectory) throws -> String {
        try Shell.run(Shell.softrtx, "console", "--socket", directory.file("\(name).sock"), "-c", "show status l2tp").output
    }

    @Test func sigtermSendsStopCCN() throws {
        let directory = try TestDirectory()
        try Shell.run("ip", "netns", "add", namespace)
        defer {
            _ = try? Shell.run("ip", "netns", "delete", namespace)
            directory.remove()
        }
        try Shell.run("ip", "-n", namespace, "link", "add", "ra", "type", "veth", "peer", "name", "rb")
        try Shell.run("ip", "-n", namespace, "link", "set", "ra", "up")
        try Shell.run("ip", "-n", namespace, "link", "set", "rb", "up")
        let a = try startRouter("a", link: "ra", local: "10.99.2.1", remote: "10.99.2.2", in: directory)
        defer { if a.isRunning { a.terminate() } }
        let b = try startRouter("b", link: "rb", local: "10.99.2.2", remote: "10.99.2.1", in: directory)
        defer { if b.isRunning { b.terminate() } }

        var status = ""
        for _ in 0..<60 where !status.contains("Session State: established") {
            Thread.sleep(forTimeInterval: 0.5)
            status = (try? l2tpStatus("a", in: directory)) ?? ""
        }
        try #require(status.contains("Session State: established"), "\(status)")

        let pcap = directory.file("rb.pcap")
        let tcpdump = Process()
        tcpdump.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        tcpdump.arguments = ["ip", "netns", "exec", namespace, "tcpdump", "-i", "rb", "-nn", "--immediate-mode", "-U", "-w", pcap, "udp port 1701"]
        tcpdump.standardError = FileHandle.nullDevice
        try tcpdump.run()
        defer { if tcpdump.isRunning { kill(tcpdump.processIdentifier, SIGKILL) } }
        // tcpdump writes the file header once it listens.
        for _ in 0..<50 where ((try? FileManager.default.attributesOfItem(atPath: pcap)[.size] as? Int) ?? 0) < 24 {
            Thread.sleep(forTimeInterval: 0.1)
        }

        a.terminate()
        a.waitUntilExit()
        #expect(a.terminationStatus == 0)
        Thread.sleep(forTimeInterval: 0.5)
        // A child of this test process inherits SIGINT and SIGTERM blocked; with --immediate-mode
        // every frame is already in the file, so SIGKILL loses nothing.
        kill(tcpdump.processIdentifier, SIGKILL)
        tcpdump.waitUntilExit()

        // A control message (T bit) whose first AVP, Message Type, is 4: StopCCN (RFC 3931 3.2).
        let stopccn = try Shell.run("tcpdump", "-r", pcap, "-nn", "src host 10.99.2.1 and udp[8] & 0x80 != 0 and udp[26:2] = 4")
        #expect(stopccn.output.split(separator: "\n").contains { $0.contains("10.99.2.1.1701 > 10.99.2.2.1701") }, "\(stopccn.output)")
        // The peer took it: its connection is gone at once, not after keepalives.
        #expect(try !l2tpStatus("b", in: directory).contains("Tunnel State: established"))
    }
}
