import ArgumentParser
import Foundation
import Host
import Logging

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one router on Linux interfaces (AF_PACKET) or TAP devices until SIGINT/SIGTERM.")

    @Option(help: "The startup config file; `save` writes it back.")
    var config: String

    @Option(name: .customLong("port"), help: "PORT=IFNAME (an existing interface) or PORT=tap:NAME (a TAP device it creates). Repeat per port.")
    var ports: [String] = []

    @Option(help: "The router's name (default: the config file's name without extension).")
    var name: String?

    @Option(help: "The console socket (default: /run/softrtx/NAME.sock).")
    var socket: String?

    @Option(help: "Seed of the router's randomness (default: from the system).")
    var seed: UInt64?

    @Option(help: "Append the IKEv1 and ESP keys the router negotiates to this file, as Wireshark's ikev1_decryption_table and esp_sa lines.")
    var keylog: String?

    func run() throws {
        LoggingSystem.bootstrap(RTXLogHandler.init)
        let name = name ?? URL(fileURLWithPath: config).deletingPathExtension().lastPathComponent
        let running: RunningRouter
        do {
            let file = ConfigFile(path: config)
            let settings = RunSettings(
                name: name, config: try file.load(), configFile: file,
                ports: try ports.map { spec throws(HostError) in try PortBinding(parsing: spec) },
                socketPath: socket ?? RunSettings.defaultSocketPath(name: name),
                seed: seed ?? UInt64.random(in: .min ... .max), keyLogPath: keylog)
            running = try RunningRouter.start(settings)
        } catch {
            let lines = "\(error)".split(separator: "\n").map { "softrtx run: \($0)\n" }
            FileHandle.standardError.write(Data(lines.joined().utf8))
            throw ExitCode(1)
        }
        running.runUntilSignal()
    }
}
