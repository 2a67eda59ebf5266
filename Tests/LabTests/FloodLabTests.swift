import Foundation
import Testing
@testable import Lab

/// Examples/branch-office/flood.yaml: spoofed SYN and UDP floods at hq's WAN address, then pc1's
/// own flood of new connections past the dynamic filters' bound. Its steps check the legitimate
/// flows through and after the floods; here the figures of hq's last `show status table` and
/// `show status drop` are read back and held to their bounds.
@Suite struct FloodLabTests {
    /// `LABEL: USED of LIMIT[, N refused][, N evicted ...]` rows of the last `show status table` in `transcript` (hq's: its prompt is `#`).
    static func tableRows(_ transcript: String) -> [String: (used: Int, limit: Int, evicted: Int?)] {
        guard let last = transcript.range(of: "\n# show status table\n", options: .backwards) else { return [:] }
        var rows: [String: (Int, Int, Int?)] = [:]
        for line in transcript[last.upperBound...].split(separator: "\n") {
            guard let colon = line.range(of: ": "), line.contains(" of ") else { break }
            let figures = line[colon.upperBound...].split(separator: " ")
            guard figures.count >= 3, let used = Int(figures[0]), let limit = Int(figures[2].trimmingCharacters(in: [","])) else { continue }
            let evicted = figures.firstIndex(where: { $0.hasPrefix("evicted") }).flatMap { Int(figures[$0 - 1]) }
            rows[String(line[..<colon.lowerBound])] = (used, limit, evicted)
        }
        return rows
    }

    /// The count of `reason` in the last `show status drop` of `transcript`.
    static func drops(_ reason: String, _ transcript: String) -> Int? {
        guard let last = transcript.range(of: "\n# show status drop\n", options: .backwards) else { return nil }
        for line in transcript[last.upperBound...].split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.count == 2, words[0] == reason { return Int(words[1]) }
        }
        return nil
    }

    @Test func floodsLeaveTheTablesAtTheirBoundsAndTheFlowsWorking() throws {
        let lab = try LabFile.load(ExampleLabTests.examples.appendingPathComponent("branch-office/flood.yaml"))
        var out = ""
        let run = try LabRun(lab) { out += $0 }
        #expect(run.run(), "\(run.failures)")
        let rows = FloodLabTests.tableRows(out)
        let dynamic = try #require(rows["IP filter dynamic connections"])
        #expect(dynamic.used == dynamic.limit && dynamic.limit == 65_534)
        // pc1's 100,000 packets from random ports are about 69,600 flows (random ports repeat: 50,000
        // draws of 64,512 ports give about 34,800 different ones per protocol): some 4,000 more than
        // the table holds. Every connection pushed out was unanswered (the datagrams to port 9).
        #expect((3_000...6_000).contains(dynamic.evicted ?? 0), "\(dynamic)")
        #expect(out.contains(" evicted (0 answered)\n"))
        let nat = try #require(rows["NAT descriptor 1 sessions (lan2)"])
        #expect(nat.used <= nat.limit && (nat.evicted ?? 0) > 20_000, "some 35,000 flows a protocol through 20,000 ports: \(nat)")
        let log = try #require(rows["Log lines"])
        #expect(log.used == 1000 && log.limit == 1000 && (log.evicted ?? 0) > 100_000, "every spoofed packet was logged: \(log)")
        let arp = try #require(rows["ARP entries"])
        #expect(arp.used <= arp.limit && arp.used < 10, "spoofed sources teach hq no neighbours: \(arp)")
        #expect(rows.allSatisfy { $0.value.used <= $0.value.limit })
        // Every spoofed packet met a reject filter of the in list (200000-200002 or reject-log 200098),
        // and so did web's port unreachables for pc1's datagrams (ICMP errors open no connection).
        #expect((FloodLabTests.drops("filter-reject", out) ?? 0) >= 100_000)
    }
}
