import Foundation
import Testing
@testable import Lab

@Suite struct ExampleLabTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Examples").standardized

    @Test func seedFinalConfigsBootAndShowThemselves() throws {
        let lab = try LabFile.load(Self.examples.appendingPathComponent("seed-final.yaml"))
        var out = ""
        let run = try LabRun(lab) { out += $0 }
        #expect(run.run(), "\(run.failures)")
        // show config prints the seed file's lines back, in its order and indentation.
        let file = try String(contentsOf: Self.examples.appendingPathComponent("seed/yamaha01.conf"), encoding: .utf8)
        let expected = file.split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n")
        #expect(out.contains(expected))
    }

    /// The branch-office example: the tunnel through both filter sets, names through the routers,
    /// outbound flows and their answers, and nothing from the internet in (every step's `expect`).
    @Test func branchOfficeProvesItsFiltersAndDNS() throws {
        let lab = try LabFile.load(Self.examples.appendingPathComponent("branch-office/branch-office.yaml"))
        var out = ""
        let run = try LabRun(lab) { out += $0 }
        #expect(run.run(), "\(run.failures)")
        // The attacker's tries met the filters, not only NAT: each was rejected by 200098 and logged.
        #expect(out.contains("LAN2 Rejected at IN(200098) filter: TCP 203.0.113.66:"))
    }

    /// The seed's final configs with YAMAHA's filter set: the tunnel and the PCs' flows pass, the
    /// WAN's probes are rejected and logged.
    @Test func seedWithTheFilterSetKeepsItsTunnelAndRefusesTheWAN() throws {
        let lab = try LabFile.load(Self.examples.appendingPathComponent("seed-filtered.yaml"))
        var out = ""
        let run = try LabRun(lab) { out += $0 }
        #expect(run.run(), "\(run.failures)")
        #expect(out.contains("LAN2 Rejected at IN(200098) filter: UDP 192.168.1.66:"))
    }

    /// Two branches on PPPoE with dynamic addresses, joined by L2TPv3/IPsec through names their ISPs
    /// publish: after isp1 drops branch1's session, branch1 redials to a new address, branch2 follows
    /// the name, and IKE and L2TPv3 come back by themselves (every step's `expect`).
    @Test func pppoeBranchesRecoverTheirTunnelAfterANewAddress() throws {
        let lab = try LabFile.load(Self.examples.appendingPathComponent("pppoe-l2tpv3-ipsec.yaml"))
        var out = ""
        let run = try LabRun(lab) { out += $0 }
        #expect(run.run(), "\(run.failures)")
        #expect(out.contains("PPPOE[01] Disconnected, cause [PPPoE: Received PADT]"))
        #expect(out.contains("[DNS] branch1.dyn.example.net: resolved to 100.64.0.50 (was 100.64.0.10)"))
        #expect(out.contains("[IKE] initiate ISAKMP phase to 100.65.0.10 (local address 100.64.0.50)"))
        #expect(out.contains(", 0 L2TP packets in the clear"))
    }
}
