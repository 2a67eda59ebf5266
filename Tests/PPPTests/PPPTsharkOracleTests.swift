import Foundation
import NIOCore
import OracleSupport
import Testing
import Wire
@testable import PPP

/// A whole CHAP and a whole PAP session of the client, both directions, decoded by an independent implementation
/// (Wireshark's PPPoE, LCP, PAP, CHAP and IPCP dissectors): no malformed packet, and the fields it reads are the
/// ones sent. Runs only with SOFTRTX_ORACLES=1, and then fails if tshark is missing.
@Suite(.enabled(if: Oracle.enabled))
struct PPPTsharkOracleTests {
    typealias AC = ScriptedAC

    /// Records every frame: the AC's (wrapped in Ethernet) and the client's.
    struct Capture {
        var client: PPPoEClient
        var frames: [ByteBuffer] = []

        mutating func start() {
            client.connect(now: .zero)
            frames += AC.frames(client.takeOutput())
        }

        mutating func from(_ payload: ByteBuffer, etherType: UInt16 = EtherType.pppoeSession) -> [ByteBuffer] {
            frames.append(EthernetHeader.frame(destination: AC.clientMAC, source: AC.acMAC, etherType: etherType, payload: payload))
            let sent = AC.frames(client.feed(payload, etherType: etherType, now: .zero))
            frames += sent
            return sent
        }
    }

    static func session(chap: Bool) throws -> [ByteBuffer] {
        var capture = Capture(client: AC.client(AC.settings(chap: chap)))
        capture.start()
        let hostUniq = try #require(capture.client.hostUniq.isEmpty ? nil : capture.client.hostUniq)
        _ = capture.from(AC.pado(hostUniq: hostUniq), etherType: EtherType.pppoeDiscovery)
        let request = try AC.control(try #require(capture.from(AC.pads(hostUniq: hostUniq), etherType: EtherType.pppoeDiscovery).first),
                                     PPPProtocol.lcp)
        _ = capture.from(AC.lcp(AC.acLCPRequest(chap: chap)))
        var sent = capture.from(AC.lcp(PPPControlPacket(code: .configureAck, identifier: request.identifier, data: request.data)))
        if chap {
            _ = capture.from(AC.payload(PPPProtocol.chap, CHAPPacket(code: .challenge, identifier: 1, value: AC.challenge,
                                                                     name: Array("BRAS".utf8)).buffer))
            sent = capture.from(AC.payload(PPPProtocol.chap, CHAPPacket(code: .success, identifier: 1, message: Array("Welcome".utf8)).buffer))
        } else {
            let pap = try PAPPacket.parse(try AC.session(try #require(sent.first)).1)
            sent = capture.from(AC.payload(PPPProtocol.pap, PAPPacket.reply(.authenticateAck, identifier: pap.identifier, message: "OK").buffer))
        }
        let ipcp = try AC.control(try #require(sent.first), PPPProtocol.ipcp)
        _ = capture.from(AC.ipcp(PPPControlPacket(code: .configureRequest, identifier: 1, options: [.address(IPCPOption.ipAddress, IPv4Address(10, 0, 0, 1))])))
        let second = try AC.control(try #require(capture.from(AC.ipcp(PPPControlPacket(code: .configureNak, identifier: ipcp.identifier, options: [
            .address(IPCPOption.ipAddress, IPv4Address(203, 0, 113, 5)), .address(IPCPOption.primaryDNS, IPv4Address(198, 51, 100, 53)),
            .address(IPCPOption.secondaryDNS, IPv4Address(198, 51, 100, 54)),
        ]))).first), PPPProtocol.ipcp)
        _ = capture.from(AC.ipcp(PPPControlPacket(code: .configureAck, identifier: second.identifier, data: second.data)))
        _ = capture.from(AC.lcp(PPPControlPacket(code: .echoRequest, identifier: 9, data: [0x0B, 0xAD, 0xCA, 0xFE])))
        capture.client.disconnect(now: .seconds(1))
        let closing = AC.frames(capture.client.takeOutput())
        capture.frames += closing
        let terminate = try AC.control(try #require(closing.last), PPPProtocol.lcp)
        _ = capture.from(AC.lcp(PPPControlPacket(code: .terminateAck, identifier: terminate.identifier)))
        return capture.frames
    }

    @Test func tsharkDecodesEveryFrame() throws {
        let frames = try Self.session(chap: true) + Self.session(chap: false)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("softrtx-ppp-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("ppp.pcap")
        try Oracle.pcap(frames).write(to: file)
        let output = try Oracle.tshark(["-r", file.path, "-T", "fields", "-E", "separator=|", "-E", "occurrence=f",
                                        "-e", "frame.protocols", "-e", "_ws.malformed", "-e", "pppoed.tags.host_uniq",
                                        "-e", "lcp.opt.mru", "-e", "chap.value", "-e", "chap.name", "-e", "pap.peer_id",
                                        "-e", "pap.password", "-e", "ipcp.opt.ip_address", "-e", "ipcp.opt.pri_dns_address"])
        let rows = output.split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.count == frames.count)
        var protocols = Set<String>()
        for (index, row) in rows.enumerated() {
            #expect(row.count == 10, "row \(index + 1): \(row)")
            guard row.count == 10 else { continue }
            #expect(row[1].isEmpty, "frame \(index + 1) malformed: \(row[0])")
            protocols.formUnion(row[0].split(separator: ":").map(String.init))
        }
        #expect(protocols.isSuperset(of: ["pppoed", "pppoes", "ppp", "lcp", "chap", "pap", "ipcp"]), "\(protocols)")
        let column = { (i: Int) in rows.filter { $0.count == 10 }.map { $0[i] }.filter { !$0.isEmpty } }
        #expect(column(2).first?.count == 16, "an 8-byte Host-Uniq in the PADI")
        #expect(column(3).contains("1454"))
        #expect(column(4).contains("740e86463bda3a4d7017d6e0fba0699d"), "Wireshark reads the CHAP-MD5 response we computed")
        #expect(column(5).contains("user@isp"))
        #expect(column(6).contains("user@isp") && column(7).contains("secret"))
        #expect(column(8).contains("203.0.113.5") && column(9).contains("198.51.100.53"))
    }
}
