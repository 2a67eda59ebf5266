import ArgumentParser
import Config
import Foundation

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate RTX config files: exit 0 when all parse, 1 with every error listed otherwise; lines SoftRTX keeps without acting on are warned about.")

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
            // Lines kept without effect are warned about in line order with the errors; only errors fail.
            let checked = Config.check(file: data)
            for note in (checked.errors + checked.warnings).sorted(by: { $0.line < $1.line }) { print("\(path):\(note)") }
            if let config = checked.config {
                print("\(path): OK")
                for warning in config.dnsWarnings + config.ppWarnings { print("\(path): warning: \(warning)") }
            } else {
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}
