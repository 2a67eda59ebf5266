import Testing
@testable import Lab

/// The seed's L2TPv3/IPsec step with YAMAHA's filter set on both WANs (lan2): IKE and ESP are let in
/// to each router's inner address (the NAT's static entries), everything the routers and PCs send goes
/// out with the dynamic filters, and the tunnel still comes up and carries the PCs' pings.
@Suite struct FilterSeedLabTests {
    static func filters(inner: String, lan: String) -> [String] {
        [
            "ip lan2 secure filter in 200003 200020 200021 200022 200023 200024 200025 200030 200032 200100 200101 200102",
            "ip lan2 secure filter out 200020 200021 200022 200023 200024 200025 200026 200027 200099 dynamic 200080 200081 200082 200083 200084 200085 200098 200099",
            "ip lan2 intrusion detection in on reject=on",
            "ip filter 200003 reject 172.16.0.0/12 * * * *",
            "ip filter 200020 reject * * udp,tcp 135 *",
            "ip filter 200021 reject * * udp,tcp * 135",
            "ip filter 200022 reject * * udp,tcp netbios_ns-netbios_ssn *",
            "ip filter 200023 reject * * udp,tcp * netbios_ns-netbios_ssn",
            "ip filter 200024 reject * * udp,tcp 445 *",
            "ip filter 200025 reject * * udp,tcp * 445",
            "ip filter 200026 restrict * * tcpfin * www,21,nntp",
            "ip filter 200027 restrict * * tcprst * www,21,nntp",
            "ip filter 200030 pass * \(lan) icmp * *",
            "ip filter 200032 pass * \(lan) tcp * ident",
            "ip filter 200099 pass * * * * *",
            "ip filter 200100 pass * \(inner) udp * 500",
            "ip filter 200101 pass * \(inner) esp * *",
            "ip filter 200102 pass * \(inner) udp * 4500",
            "ip filter dynamic 200080 * * ftp",
            "ip filter dynamic 200081 * * domain",
            "ip filter dynamic 200082 * * www",
            "ip filter dynamic 200083 * * smtp",
            "ip filter dynamic 200084 * * pop3",
            "ip filter dynamic 200085 * * submission",
            "ip filter dynamic 200098 * * tcp",
            "ip filter dynamic 200099 * * udp syslog=off",
        ]
    }

    @Test func theTunnelComesUpThroughTheFilters() throws {
        var lab = try LabFile.builtinSeed()
        // Up to the end of step 3, with the filters typed just before the wait for IKE.
        guard let step4 = lab.steps.firstIndex(where: {
            if case let .command(_, lines, _, _, _) = $0 { lines.contains("no ipsec sa policy 100 1 esp aes-cbc sha-hmac") } else { false }
        }), let wait = lab.steps.firstIndex(where: { if case .wait(.seconds(25)) = $0 { true } else { false } }) else {
            Issue.record("the seed's steps moved")
            return
        }
        lab.steps.removeSubrange(step4...)
        lab.steps.insert(contentsOf: [
            .command(node: "yamaha01", lines: FilterSeedLabTests.filters(inner: "192.168.100.1", lan: "192.168.100.0/24"),
                     expect: [], reject: ["Error"], line: 0),
            .command(node: "yamaha02", lines: FilterSeedLabTests.filters(inner: "192.168.100.2", lan: "192.168.100.0/24"),
                     expect: [], reject: ["Error"], line: 0),
        ], at: wait)
        lab.steps.append(.command(node: "yamaha01", lines: ["show ip secure filter lan2 in", "show status drop"],
                                  expect: [], reject: [], line: 0))
        var transcript = ""
        let run = try LabRun(lab) { transcript += $0 }
        #expect(run.run(), "failures: \(run.failures)")
        #expect(transcript.contains("yamaha01# show ipsec sa\nTotal: isakmp:1 send:2 recv:2\n"))
        // ESP came in through filter 200101, addressed (after the NAT) to the router's inner address.
        let esp = try #require(transcript.split(separator: "\n").first { $0.contains("200101   pass * 192.168.100.1 esp * *") })
        #expect(!esp.hasSuffix(" 0 packets"), "\(esp)")
    }
}
