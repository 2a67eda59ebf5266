import ArgumentParser
import Foundation
import Lab

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks (build with -c release): the seed lab's wall time, the L2TPv3 data path, the PPPoE data path, ESP, IKEv1 exchanges, the DHCP server, filters and the DNS proxy.",
        subcommands: [LabBench.self, L2TPBench.self, PPPoEBench.self, ESPBench.self, IKEBench.self, DHCPBench.self, FilterBench.self, DNSBench.self],
        defaultSubcommand: LabBench.self)
}

struct LabBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab", abstract: "Time the built-in seed lab: wall time per run and frames simulated per second.")

    @Option(help: "How many runs to time (after one warm-up run).")
    var runs = 10

    func run() throws {
        let lab = try LabFile.builtinSeed()
        let clock = ContinuousClock()
        _ = try LabRun(lab) { _ in }.run()
        var times: [Double] = []
        var frames = 0
        var virtual = Duration.zero
        for _ in 0..<runs {
            let start = clock.now
            let run = try LabRun(lab) { _ in }
            guard run.run() else { throw ValidationError("the seed lab failed its expectations") }
            times.append(seconds(clock.now - start))
            frames = run.network.framesDelivered
            virtual = run.network.now
        }
        times.sort()
        let median = times[times.count / 2]
        print("seed lab: \(runs) runs, wall time median \(String(format: "%.4f", median)) s, "
              + "min \(String(format: "%.4f", times[0])) s, max \(String(format: "%.4f", times[times.count - 1])) s")
        print("seed lab: \(frames) frames and \(LabDuration.format(virtual)) of virtual time per run, "
              + "\(Int(Double(frames) / median)) frames/s simulated, virtual/wall \(String(format: "%.0f", seconds(virtual) / median))x")
        print("target: under 0.5 s of wall time per run: \(median < 0.5 ? "met" : "NOT met")")
    }
}

struct L2TPBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "l2tp",
        abstract: "The raw L2TPv3 data path on one core: lan1 → bridge → tunnel1 → L2TPv3/UDP/IPv4 → NAT → lan2, and back.")

    @Option(help: "Frames per measurement.")
    var frames = 1_000_000

    @Option(help: "Measure only this direction: encapsulate or decapsulate.")
    var only: String?

    @Option(help: "Measure only this frame size: 64 or 1400.")
    var size: Int?

    func run() throws {
        let clock = ContinuousClock()
        for size in [64, 1400] where self.size.map({ $0 == size }) ?? true {
            let fixture = try DataPathFixture(frameSize: size)
            for (name, input, port, expected) in [("encapsulate lan1→lan2", fixture.encapsulate, "lan1", "lan2"),
                                                  ("decapsulate lan2→lan1", fixture.decapsulate, "lan2", "lan1")]
                where only.map({ name.hasPrefix($0) }) ?? true {
                let router = fixture.router
                router.receive(input, on: port, now: fixture.now)
                let check = router.takeTransmissions()
                guard check.count == 1, check[0].port == expected else {
                    throw ValidationError("\(name): expected one frame out of \(expected), got \(check.map(\.port))")
                }
                let start = clock.now
                var out = 0
                for _ in 0..<frames {
                    router.receive(input, on: port, now: fixture.now)
                    router.drainTransmissions { _, _, _ in out += 1 }
                }
                let elapsed = seconds(clock.now - start)
                let rate = Double(frames) / elapsed
                print(String(format: "%4d-byte frames, %@: %.0f frames/s, %.2f Gbit/s per core (%d frames out)",
                             size, name, rate, rate * Double(size) * 8 / 1e9, out))
            }
        }
    }
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}
