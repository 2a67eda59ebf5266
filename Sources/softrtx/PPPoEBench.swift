import ArgumentParser
import Lab
import NIOCore
import Router

/// `softrtx bench pppoe`: the data paths of a router on PPPoE beside the same paths over Ethernet,
/// measured in the same run, with their ratio.
struct PPPoEBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pppoe",
        abstract: "Frames/s on one core through pp1 over PPPoE (NAT, and L2TPv3 over pp) beside the same paths over an Ethernet WAN.")

    @Option(help: "Frames per measurement.")
    var frames = 1_000_000

    @Option(help: "Measurements of each path, alternating PPPoE and Ethernet; the median counts.")
    var rounds = 3

    @Option(help: "Measure only this path: routed (LAN → NAT → pp1) or tunnel (L2TPv3 over pp1).")
    var path: String?

    @Option(help: "Measure only this direction: encapsulate or decapsulate.")
    var only: String?

    @Option(help: "Measure only this frame size: 64 or 1400.")
    var size: Int?

    @Flag(help: "Measure only the PPPoE side (for counting allocations per frame).")
    var pppoeOnly = false

    func validate() throws {
        guard frames > 0, rounds > 0 else { throw ValidationError("--frames and --rounds must be positive") }
        if let path, path != "routed", path != "tunnel" { throw ValidationError("--path takes routed or tunnel") }
        if let only, only != "encapsulate", only != "decapsulate" { throw ValidationError("--only takes encapsulate or decapsulate") }
    }

    func run() throws {
        var ratios: [Double] = []
        for size in [64, 1400] where self.size.map({ $0 == size }) ?? true {
            let pppoe = try PPPoEDataPathFixture(frameSize: size)
            let l2tp = try DataPathFixture(frameSize: size)
            let l2tpReference = PPPoEDataPathFixture.Path(router: l2tp.router, lanPort: "lan1", wanPort: "lan2",
                                                          encapsulate: l2tp.encapsulate, decapsulate: l2tp.decapsulate)
            let cases = [("routed", "LAN → NAT → pp1", pppoe.routed, pppoe.now, "Ethernet WAN + NAT", pppoe.routedReference, pppoe.now),
                         ("tunnel", "L2TPv3 over pp1", pppoe.tunnel, pppoe.tunnelNow, "L2TPv3 over lan2 (bench l2tp)", l2tpReference, l2tp.now)]
            for (key, name, path, now, referenceName, reference, referenceNow) in cases where self.path.map({ $0 == key }) ?? true {
                for direction in ["encapsulate", "decapsulate"] where only.map({ $0 == direction }) ?? true {
                    let encapsulate = direction == "encapsulate"
                    func measure(_ p: PPPoEDataPathFixture.Path, _ now: Duration) throws -> Double {
                        try rate(p.router, encapsulate ? p.encapsulate : p.decapsulate, in: encapsulate ? p.lanPort : p.wanPort,
                                 out: encapsulate ? p.wanPort : p.lanPort, now: now)
                    }
                    var ours: [Double] = [], theirs: [Double] = []
                    for _ in 0..<rounds {
                        ours.append(try measure(path, now))
                        if !pppoeOnly { theirs.append(try measure(reference, referenceNow)) }
                    }
                    let a = median(ours)
                    guard !pppoeOnly else {
                        print(String(format: "%4d-byte frames, %@ %@: %.0f frames/s", size, name, direction, a))
                        continue
                    }
                    let b = median(theirs)
                    ratios.append(a / b)
                    print(String(format: "%4d-byte frames, %@ %@: %.0f frames/s (%.2f Gbit/s); %@: %.0f frames/s; ratio %.2f",
                                 size, name, direction, a, a * Double(size) * 8 / 1e9, referenceName, b, a / b))
                }
            }
        }
        if let worst = ratios.min() {
            print(String(format: "target: within 0.9x of the Ethernet figures: %@ (lowest ratio %.2f)", worst >= 0.9 ? "met" : "NOT met", worst))
        }
    }

    /// Frames/s of `frame` entering `port`, after checking that it leaves by `out` as one frame.
    private func rate(_ router: Router, _ frame: ByteBuffer, in port: String, out: String, now: Duration) throws -> Double {
        router.receive(frame, on: port, now: now)
        let check = router.takeTransmissions()
        guard check.count == 1, check[0].port == out else {
            throw ValidationError("\(router.name): expected one frame out of \(out), got \(check.map(\.port))")
        }
        let clock = ContinuousClock()
        var sent = 0
        let start = clock.now
        for _ in 0..<frames {
            router.receive(frame, on: port, now: now)
            router.drainTransmissions { _, _, _ in sent += 1 }
        }
        let elapsed = seconds(clock.now - start)
        guard sent == frames else { throw ValidationError("\(router.name): \(frames) frames in, \(sent) out") }
        return Double(frames) / elapsed
    }

    private func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
}
