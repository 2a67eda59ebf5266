import Foundation
import Testing

/// `softrtx run` sends its log to Debian's rsyslogd in a network namespace: `syslog host` is real UDP
/// from the router's own address, through its own stack. Needs root, `ip` and rsyslogd (.ci/run
/// installs rsyslog): runs only with SOFTRTX_NETNS=1.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["SOFTRTX_NETNS"] == "1"))
struct SyslogNetnsTests {
    let namespace = "srtx-syslog-\(UInt16.random(in: .min ... .max))"

    @Test func rsyslogReceivesTheRoutersLog() throws {
        let directory = try TestDirectory()
        defer {
            _ = try? Shell.run("ip", "netns", "delete", namespace)
            directory.remove()
        }
        try Shell.vethNamespace(namespace, hostAddress: "10.98.0.2/24")

        // rsyslogd writes what it hears on 10.98.0.2:514: sender, facility, severity and text.
        let received = directory.file("received.log")
        let rsyslogConfig = """
        global(workDirectory="\(directory.path)")
        module(load="imudp")
        input(type="imudp" address="10.98.0.2" port="514")
        template(name="fields" type="string" string="%fromhost-ip%|%syslogfacility-text%|%syslogseverity-text%|%msg%\\n")
        *.* action(type="omfile" file="\(received)" template="fields")
        """
        try rsyslogConfig.write(toFile: directory.file("rsyslog.conf"), atomically: true, encoding: .utf8)
        let rsyslog = Process()
        rsyslog.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        rsyslog.arguments = ["ip", "netns", "exec", namespace, "rsyslogd", "-n", "-f", directory.file("rsyslog.conf"),
                             "-i", directory.file("rsyslogd.pid")]
        rsyslog.standardOutput = FileHandle.nullDevice
        rsyslog.standardError = FileHandle.nullDevice
        try rsyslog.run()
        defer {
            // rsyslogd runs with the signal mask it inherits, SIGTERM blocked: stop it by the pid it wrote.
            if let pid = try? String(contentsOfFile: directory.file("rsyslogd.pid"), encoding: .utf8) {
                _ = try? Shell.run("kill", "-KILL", pid.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            if rsyslog.isRunning { rsyslog.terminate() }
        }
        var attempts = 0
        while try !Shell.run("ip", "netns", "exec", namespace, "ss", "-uln").output.contains("10.98.0.2:514"), attempts < 50 {
            Thread.sleep(forTimeInterval: 0.1)
            attempts += 1
        }

        let config = directory.file("r.conf")
        try "ip lan1 address 10.98.0.1/24\nsyslog host 10.98.0.2\nsyslog facility local3\n".write(toFile: config, atomically: true, encoding: .utf8)
        let router = Process()
        router.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        router.arguments = ["ip", "netns", "exec", namespace, Shell.softrtx, "run", "--config", config,
                            "--port", "lan1=r0", "--socket", directory.file("r.sock")]
        router.standardError = FileHandle.nullDevice
        try router.run()
        defer { if router.isRunning { router.terminate() } }

        // The router logs its start and LAN1's link coming up; both reach rsyslogd.
        var lines: [String] = []
        attempts = 0
        while lines.count < 2, attempts < 100 {
            Thread.sleep(forTimeInterval: 0.1)
            attempts += 1
            lines = ((try? String(contentsOfFile: received, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
        #expect(lines.contains { $0.hasPrefix("10.98.0.1|local3|info|") && $0.contains("LAN1: link up") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("10.98.0.1|local3|info|") && $0.contains("starts") }, "\(lines)")

        router.terminate()
        router.waitUntilExit()
        #expect(router.terminationStatus == 0)
    }
}
