import ArgumentParser
import Foundation
import Lab

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the built-in seed lab: wall time per run and frames simulated per second.")

    @Option(help: "How many runs to time (after one warm-up run).")
    var runs = 10

    func run() throws {
        let lab = try LabFile.builtinSeed()
        let clock = ContinuousClock()
        _ = try LabRun(lab) { _ in }.run()
        var times: [Duration] = []
        var frames = 0
        var virtual = Duration.zero
        for _ in 0..<runs {
            let start = clock.now
            let run = try LabRun(lab) { _ in }
            guard run.run() else { throw ValidationError("the seed lab failed its expectations") }
            times.append(clock.now - start)
            frames = run.network.framesDelivered
            virtual = run.network.now
        }
        let seconds = times.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }.sorted()
        let median = seconds[seconds.count / 2]
        print("seed lab: \(runs) runs, wall time median \(String(format: "%.4f", median)) s, "
              + "min \(String(format: "%.4f", seconds[0])) s, max \(String(format: "%.4f", seconds[seconds.count - 1])) s")
        print("seed lab: \(frames) frames and \(LabDuration.format(virtual)) of virtual time per run, "
              + "\(Int(Double(frames) / median)) frames/s simulated, virtual/wall \(String(format: "%.0f", (Double(virtual.components.seconds) / median)))x")
        print("target: under 0.5 s of wall time per run: \(median < 0.5 ? "met" : "NOT met")")
    }
}
