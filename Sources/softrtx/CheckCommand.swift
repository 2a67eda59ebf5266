import ArgumentParser
import Config
import Foundation

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate RTX config files: exit 0 when all parse, 1 with every error listed otherwise.")

    @Argument(help: "Config files.")
    var files: [String]

    func run() throws {
        var failed = false
        for path in files {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                print("\(path): cannot read: \(error.localizedDescription)")
                failed = true
                continue
            }
            do {
                let config = try Config.parse(file: data)
                print("\(path): OK")
                for warning in config.dnsWarnings { print("\(path): warning: \(warning)") }
            } catch {
                failed = true
                for e in error.errors { print("\(path):\(e)") }
            }
        }
        if failed { throw ExitCode(1) }
    }
}
