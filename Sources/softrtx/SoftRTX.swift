import ArgumentParser

@main
struct SoftRTX: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "softrtx",
        abstract: "A software YAMAHA RTX-style router and its virtual lab.",
        subcommands: [LabCommand.self, CheckCommand.self, BenchCommand.self, RunCommand.self, ConsoleCommand.self])
}
