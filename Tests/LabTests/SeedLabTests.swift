import Config
import Foundation
import NIOCore
import Testing
import Wire
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

    @Test func seedStepsPass() throws {
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
        // Step 3: both sides initiate; one ISAKMP SA stays, with both ESP pairs, as the seed shows.
        #expect(transcript.contains("yamaha01# show ipsec sa\nTotal: isakmp:1 send:2 recv:2\n"))
        #expect(transcript.contains("[IKE] initiate ISAKMP phase to 192.168.2.1 (local address 192.168.100.1)"))
        #expect(transcript.contains("[IKE] respond ISAKMP phase to 192.168.2.1"))
        // Step 4: no policy, no SA, no tunnel, and nothing in the clear instead.
        #expect(transcript.contains("no ipsec sa policy 100 1 esp aes-cbc sha-hmac\nyamaha01tunnel1# show ipsec sa\n(20.000 s pass)"))
        #expect(transcript.contains("5 packets transmitted, 0 packets received, 100.0% packet loss"))
        #expect(transcript.contains(", 0 L2TP packets in the clear\n"))
        #expect(run.network.now < .seconds(180))
    }

    @Test func lTwoTPInTheClearFailsTheLab() throws {
        // The fail-closed check must be able to fail: a router with an l2tpv3 (IPsec) tunnel whose frames we
        // replace by a clear L2TP packet is caught.
        var check = FailClosedCheck()
        var config = Config()
        var context = ConsoleContext()
        try config.execute("tunnel select 1", context: &context)
        try config.execute("tunnel encapsulation l2tpv3", context: &context)
        var frame = ByteBuffer()
        EthernetHeader(destination: .zero, source: .zero, etherType: EtherType.ipv4).write(to: &frame)
        var udp = ByteBuffer(bytes: [1, 2, 3, 4])
        UDPHeader.prepend(sourcePort: 1701, destinationPort: 1701, source: IPv4Address(1, 1, 1, 1), destination: IPv4Address(2, 2, 2, 2), to: &udp)
        IPv4Header.prepend(source: IPv4Address(1, 1, 1, 1), destination: IPv4Address(2, 2, 2, 2), protocol: IPProtocol.udp, ttl: 64, identification: 1, to: &udp)
        frame.writeImmutableBuffer(udp)
        check.inspect(frame, port: "lan2", router: "r1", config: config, now: .zero)
        #expect(check.framesChecked == 1 && check.violations.count == 1)
        try config.execute("tunnel encapsulation l2tpv3-raw", context: &context)
        check.inspect(frame, port: "lan2", router: "r1", config: config, now: .zero)
        #expect(check.framesChecked == 1, "a raw tunnel may send L2TP in the clear")
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
