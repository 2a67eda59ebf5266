import Foundation
import Testing
@testable import Lab

@Suite struct SeedLabTests {
    func run(seed: UInt64? = nil) throws -> (ok: Bool, transcript: String, run: LabRun) {
        var lab = try LabFile.builtinSeed()
        if let seed { lab.seed = seed }
        var transcript = ""
        let run = try LabRun(lab) { transcript += $0 }
        let ok = run.run()
        return (ok, transcript, run)
    }

    @Test func seedStepsZeroToTwoPass() throws {
        let (ok, transcript, run) = try run()
        #expect(ok, "failures: \(run.failures)")
        #expect(transcript.contains("yamaha01# no dhcp scope 1 192.168.100.2-192.168.100.191/24"))
        #expect(transcript.contains("yamaha01# ping -c 5 192.168.2.1\nreceived from 192.168.2.1: icmp_seq=0 ttl=252 time="))
        #expect(transcript.contains("yamaha02# ping -c 5 192.168.1.1\nreceived from 192.168.1.1: icmp_seq=0 ttl=252 time="))
        #expect(transcript.contains("\n5 packets transmitted, 5 packets received, 0.0% packet loss\nround-trip min/avg/max = "))
        #expect(transcript.contains("inet 192.168.100.10/24 (dhcp)"))
        #expect(transcript.contains("inet 192.168.100.16/24 (dhcp)"))
        // Step 2: wait_ctl_reply until UDP 1701 is let in, then the bridge.
        #expect(transcript.contains("Tunnel Control: 1, Session Control: 0\nTUNNEL[1]:\n  Tunnel State: wait_ctl_reply\n"))
        #expect(transcript.contains("  Next Transmit sequence(Ns): 4\n  Next Receive sequence(Nr) : 2\n"), "yamaha01 initiated, as in the seed")
        #expect(transcript.contains("pc1$ ping -c 3 192.168.100.16\nreceived from 192.168.100.16: icmp_seq=0 ttl=64"))
        #expect(run.network.now < .seconds(150), "steps 0-2 take 84 s of virtual time, steps 3 and 4 another 59 s")
    }

    @Test func sameSeedSameTranscript() throws {
        let a = try run(seed: 42), b = try run(seed: 42)
        #expect(a.transcript == b.transcript)
        #expect(a.run.network.framesDelivered == b.run.network.framesDelivered)
    }

    @Test(arguments: [1, 2, 3, 99, 12345] as [UInt64])
    func passesWithOtherSeeds(seed: UInt64) throws {
        let (ok, _, run) = try run(seed: seed)
        #expect(ok, "seed \(seed): \(run.failures)")
    }

    @Test func failedExpectationIsReported() throws {
        let yaml = """
        nodes:
          r1: { kind: router, model: RTX830 }
        steps:
          - { node: r1, command: "show ip route", expect: "no such text" }
        """
        let lab = try LabFile.parse(yaml, fileName: "t.yaml", directory: nil)
        var out = ""
        let run = try LabRun(lab) { out += $0 }
        #expect(!run.run())
        #expect(run.failures.count == 1 && run.failures[0].expected == "no such text")
        #expect(out.contains("!! expected \"no such text\""))
    }
}
