import ArgumentParser
import Foundation
import Host

struct ConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Use the console of a router started with `softrtx run`.",
        discussion: "Interactive without -c (`quit` or end of input leaves). With -c, runs the commands, prints their output and exits 1 if any printed an Error.")

    @Argument(help: "The router's name, for /run/softrtx/NAME.sock (default: the only socket there).")
    var name: String?

    @Option(help: "The console socket.")
    var socket: String?

    @Option(name: .customShort("c"), help: "Commands to run, ';'-separated or repeated, then exit.")
    var commands: [String] = []

    func run() throws {
        do {
            let client = try ConsoleClient(path: try socketPath())
            guard let prompt = try client.prompt(output: write) else { throw HostError.console("the router closed the console") }
            if commands.isEmpty {
                // At a terminal the router pages long output (`console lines`); piped input is a script.
                if isatty(STDIN_FILENO) == 1 { try client.declareInteractive() }
                try interact(client, prompt: prompt)
            } else {
                try runScript(client)
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            FileHandle.standardError.write(Data("softrtx console: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    private func socketPath() throws -> String {
        if let socket { return socket }
        if let name { return "/run/softrtx/\(name).sock" }
        let sockets = ((try? FileManager.default.contentsOfDirectory(atPath: "/run/softrtx")) ?? []).filter { $0.hasSuffix(".sock") }
        guard sockets.count == 1 else {
            throw HostError.console(sockets.isEmpty
                ? "no router in /run/softrtx (give --socket)"
                : "several routers in /run/softrtx: \(sockets.sorted().joined(separator: ", ")) (give a name)")
        }
        return "/run/softrtx/" + sockets[0]
    }

    private func interact(_ client: ConsoleClient, prompt: String) throws {
        var prompt = prompt
        while true {
            write("\(prompt) ")
            guard let line = readLine() else { return write("\n") }
            if line.trimmingCharacters(in: .whitespaces) == "quit" { return }
            guard let next = try client.run(line, output: write) else { return }
            prompt = next
        }
    }

    private func runScript(_ client: ConsoleClient) throws {
        var failed = false
        for line in commands.flatMap({ $0.split(separator: ";") }).map({ $0.trimmingCharacters(in: .whitespaces) }) where !line.isEmpty {
            let finished = try client.run(line) { text in
                write(text)
                if text.split(separator: "\n").contains(where: { $0.hasPrefix("Error:") }) { failed = true }
            }
            guard finished != nil else { throw HostError.console("the router closed the console") }
        }
        if failed { throw ExitCode(1) }
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
