import Foundation

/// Commands for the SOFTRTX_NETNS tests, which drive `ip`, `tcpdump` and the built softrtx.
enum Shell {
    /// Runs a command from PATH; returns its status and its stdout and stderr together.
    @discardableResult
    static func run(_ arguments: String...) throws -> (status: Int32, output: String) {
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
    static var softrtx: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("softrtx").path
    }

    /// A new namespace with a veth pair in it, both ends up: `r0` for the router's port and `h0` for a
    /// host at `hostAddress` (A/len). The caller deletes the namespace.
    static func vethNamespace(_ namespace: String, hostAddress: String) throws {
        try run("ip", "netns", "add", namespace)
        try run("ip", "-n", namespace, "link", "add", "r0", "type", "veth", "peer", "name", "h0")
        try run("ip", "-n", namespace, "link", "set", "r0", "up")
        try run("ip", "-n", namespace, "link", "set", "h0", "up")
        try run("ip", "-n", namespace, "addr", "add", hostAddress, "dev", "h0")
    }
}
