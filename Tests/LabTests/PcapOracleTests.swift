import Foundation
import Testing
@testable import Lab

/// tshark, an independent decoder, reads every pcap the seed lab writes. Runs with SOFTRTX_ORACLES=1 (.ci/run).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["SOFTRTX_ORACLES"] == "1"))
struct PcapOracleTests {
    func tshark(_ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["tshark"] + args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "tshark \(args) exited \(p.terminationStatus)")
        return String(decoding: data, as: UTF8.self)
    }

    @Test func seedLabCapturesDecodeCleanly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("softrtx-pcap-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try LabRun(try LabFile.builtinSeed(), capture: true) { _ in }
        #expect(run.run())
        let files = try run.writeCaptures(to: dir)
        #expect(files.count == 6)
        var total = 0
        var protocols = ""
        for file in files {
            let frames = try tshark(["-r", file.path, "-T", "fields", "-e", "frame.number"])
            total += frames.split(separator: "\n").count
            let bad = try tshark(["-r", file.path, "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
                                  "-Y", "_ws.malformed || _ws.expert.severity == error", "-T", "fields", "-e", "frame.number"])
            #expect(bad.isEmpty, "\(file.lastPathComponent): malformed or bad-checksum frames \(bad)")
            protocols += try tshark(["-r", file.path, "-T", "fields", "-e", "frame.protocols", "-e", "dhcp.option.dhcp"])
        }
        #expect(total > 100)
        #expect(protocols.contains("eth:ethertype:arp"))
        #expect(protocols.contains("eth:ethertype:ip:icmp:data"))
        // DISCOVER, OFFER, REQUEST, ACK decoded as DHCP by tshark.
        for type in ["1", "2", "3", "5"] { #expect(protocols.contains("udp:dhcp\t\(type)"), "DHCP message type \(type)") }
    }
}
