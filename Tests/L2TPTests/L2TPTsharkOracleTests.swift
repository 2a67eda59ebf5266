import Foundation
import NIOCore
import OracleSupport
import Testing
import Wire
@testable import L2TP

/// A whole signed L2TPv3 exchange built by Wire and L2TPAuthentication, decoded and digest-checked by an
/// independent implementation (Wireshark's L2TP dissector with `l2tp.shared_secret`).
/// Runs only with SOFTRTX_ORACLES=1, and then fails if tshark is missing.
@Suite(.enabled(if: Oracle.enabled))
struct L2TPTsharkOracleTests {
    static let macA = MACAddress(0x00A0_DE00_000A)
    static let macB = MACAddress(0x00A0_DE00_000B)
    static let lcceA = IPv4Address(192, 0, 2, 1)
    static let lcceB = IPv4Address(198, 51, 100, 2)
    static let nonceA: [UInt8] = Array(0x10..<0x20)
    static let nonceB: [UInt8] = Array(0xA0..<0xB4)
    static let auth = L2TPAuthentication(secret: Array("test1234".utf8))
    static let wrongAuth = L2TPAuthentication(secret: Array("wrong-secret".utf8))
    static let ccidA: UInt32 = 0x0000_A001
    static let ccidB: UInt32 = 0x0000_B002
    static let sessionA: UInt32 = 0x0A0A_0001
    static let sessionB: UInt32 = 0x0B0B_0002

    struct Frame {
        var fromA: Bool
        var l2tp: ByteBuffer
        /// What tshark must print for this frame (fields not listed are not checked).
        var expected: [String: String]
    }

    static func message(_ type: L2TPMessageType, to connectionID: UInt32, ns: UInt16, nr: UInt16,
                        _ fill: (inout L2TPControlMessage) -> Void = { _ in }) -> L2TPControlMessage {
        var message = L2TPControlMessage.make(type, connectionID: connectionID)
        message.ns = ns
        message.nr = nr
        fill(&message)
        return message
    }

    /// A signs with its own nonce as sender nonce, B likewise; the SCCRQ uses none (RFC 3931 5.4.1).
    static func signedByA(_ message: L2TPControlMessage) -> ByteBuffer {
        auth.sign(message, senderNonce: nonceA, receiverNonce: nonceB)
    }

    static func signedByB(_ message: L2TPControlMessage, auth: L2TPAuthentication = auth) -> ByteBuffer {
        auth.sign(message, senderNonce: nonceB, receiverNonce: nonceA)
    }

    static func frames() -> [Frame] {
        let sccrq = message(.sccrq, to: 0, ns: 0, nr: 0) {
            $0.hostName = "RTX830"
            $0.vendorName = "YAMAHA Corporation"
            $0.routerID = 0xC000_0201
            $0.assignedControlConnectionID = ccidA
            $0.pseudowireCapabilities = [5, 4]
            $0.nonce = nonceA
        }
        let sccrp = message(.sccrp, to: ccidA, ns: 0, nr: 1) {
            $0.hostName = "RTX1210"
            $0.vendorName = "YAMAHA Corporation"
            $0.routerID = 0xC633_6402
            $0.assignedControlConnectionID = ccidB
            $0.pseudowireCapabilities = [5]
            $0.nonce = nonceB
        }
        let icrq = message(.icrq, to: ccidB, ns: 2, nr: 1) {
            $0.localSessionID = sessionA
            $0.remoteSessionID = 0
            $0.serialNumber = 1
            $0.pseudowireType = 5
            $0.remoteEndID = Array("tunnel1".utf8)
            $0.circuitStatus = 3
        }
        let icrp = message(.icrp, to: ccidA, ns: 1, nr: 3) {
            $0.localSessionID = sessionB
            $0.remoteSessionID = sessionA
            $0.circuitStatus = 3
        }
        let iccn = message(.iccn, to: ccidB, ns: 3, nr: 2) {
            $0.localSessionID = sessionA
            $0.remoteSessionID = sessionB
            $0.circuitStatus = 3
        }
        let cdn = message(.cdn, to: ccidB, ns: 5, nr: 4) {
            $0.resultCode = L2TPResultCode(result: 3)
            $0.localSessionID = sessionA
            $0.remoteSessionID = sessionB
        }
        let stopccn = message(.stopccn, to: ccidA, ns: 4, nr: 6) {
            $0.resultCode = L2TPResultCode(result: 1)
            $0.assignedControlConnectionID = ccidB
        }

        let arp = ARPPacket(operation: .request, senderMAC: MACAddress(0x0211_2233_4401), senderIP: IPv4Address(192, 168, 100, 1),
                            targetMAC: .zero, targetIP: IPv4Address(192, 168, 100, 2))
        let arpFrame = EthernetHeader.frame(destination: .broadcast, source: MACAddress(0x0211_2233_4401),
                                            etherType: EtherType.arp, payload: arp.buffer)
        let echo = ICMPHeader.message(type: ICMPHeader.echoRequest, code: 0, restOfHeader: 0x4242_0001,
                                      data: ByteBuffer(string: "softrtx l2tpv3 data"))
        let echoFrame = EthernetHeader.frame(destination: MACAddress(0x0211_2233_4401), source: MACAddress(0x0211_2233_4402),
                                             etherType: EtherType.ipv4,
                                             payload: IPv4Header.packet(source: IPv4Address(192, 168, 100, 2),
                                                                        destination: IPv4Address(192, 168, 100, 1),
                                                                        protocol: IPProtocol.icmp, ttl: 64, identification: 7,
                                                                        payload: echo))
        func data(_ session: UInt32, _ frame: ByteBuffer) -> ByteBuffer {
            var buffer = ByteBuffer()
            L2TPDataHeader.write(sessionID: session, to: &buffer)
            buffer.writeImmutableBuffer(frame)
            return buffer
        }

        let rtx = "YAMAHA Corporation"
        return [
            Frame(fromA: true, l2tp: auth.sign(sccrq, senderNonce: nil, receiverNonce: nil),
                  expected: ["l2tp.avp.message_type": "1", "l2tp.avp.host_name": "RTX830", "l2tp.avp.vendor_name": rtx,
                             "l2tp.avp.router_id": "\(0xC000_0201)", "l2tp.avp.assigned_control_conn_id": "\(ccidA)",
                             "l2tp.avp.pw_type": "5,4", "l2tp.ccid": hex32(0)]),
            Frame(fromA: false, l2tp: signedByB(sccrp),
                  expected: ["l2tp.avp.message_type": "2", "l2tp.avp.host_name": "RTX1210", "l2tp.avp.vendor_name": rtx,
                             "l2tp.avp.router_id": "\(0xC633_6402)", "l2tp.avp.assigned_control_conn_id": "\(ccidB)",
                             "l2tp.avp.pw_type": "5", "l2tp.ccid": hex32(ccidA)]),
            Frame(fromA: true, l2tp: signedByA(message(.scccn, to: ccidB, ns: 1, nr: 1)),
                  expected: ["l2tp.avp.message_type": "3", "l2tp.ccid": hex32(ccidB)]),
            Frame(fromA: false, l2tp: L2TPControlMessage.zlb(connectionID: ccidA, ns: 1, nr: 2).buffer,
                  expected: ["l2tp.avp.message_type": "", "l2tp.ccid": hex32(ccidA), "l2tp.Ns": "1", "l2tp.Nr": "2"]),
            Frame(fromA: true, l2tp: signedByA(icrq),
                  expected: ["l2tp.avp.message_type": "10", "l2tp.avp.local_session_id": "\(sessionA)",
                             "l2tp.avp.remote_session_id": "0", "l2tp.avp.pseudowire_type": "5",
                             "l2tp.avp.remote_end_id": "tunnel1", "l2tp.avp.call_serial_number": "1"]),
            Frame(fromA: false, l2tp: signedByB(icrp),
                  expected: ["l2tp.avp.message_type": "11", "l2tp.avp.local_session_id": "\(sessionB)",
                             "l2tp.avp.remote_session_id": "\(sessionA)"]),
            Frame(fromA: true, l2tp: signedByA(iccn),
                  expected: ["l2tp.avp.message_type": "12", "l2tp.avp.local_session_id": "\(sessionA)",
                             "l2tp.avp.remote_session_id": "\(sessionB)"]),
            Frame(fromA: true, l2tp: data(sessionB, arpFrame),
                  expected: ["l2tp.sid": hex32(sessionB), "eth.type": "0x0800,0x0806", "arp.opcode": "1", "arp.dst.proto_ipv4": "192.168.100.2"]),
            Frame(fromA: false, l2tp: data(sessionA, echoFrame),
                  expected: ["l2tp.sid": hex32(sessionA), "eth.type": "0x0800,0x0800", "icmp.type": "8", "icmp.checksum.status": "1"]),
            Frame(fromA: true, l2tp: signedByA(message(.hello, to: ccidB, ns: 4, nr: 2)),
                  expected: ["l2tp.avp.message_type": "6"]),
            // Signed with the wrong secret: Wireshark must flag exactly this one.
            Frame(fromA: false, l2tp: signedByB(message(.hello, to: ccidA, ns: 2, nr: 5), auth: wrongAuth),
                  expected: ["l2tp.avp.message_type": "6"]),
            Frame(fromA: true, l2tp: signedByA(cdn),
                  expected: ["l2tp.avp.message_type": "14", "l2tp.result_code": "3",
                             "l2tp.avp.local_session_id": "\(sessionA)", "l2tp.avp.remote_session_id": "\(sessionB)"]),
            Frame(fromA: false, l2tp: signedByB(stopccn),
                  expected: ["l2tp.avp.message_type": "4", "l2tp.result_code": "1",
                             "l2tp.avp.assigned_control_conn_id": "\(ccidB)"]),
        ]
    }

    /// tshark prints Control Connection and Session IDs in hex.
    static func hex32(_ value: UInt32) -> String { String(format: "0x%08x", value) }

    static let wrongSecretFrame = 11  // 1-based, as tshark numbers frames

    static func ethernet(_ frame: Frame, index: Int) -> ByteBuffer {
        let (source, destination) = frame.fromA ? (lcceA, lcceB) : (lcceB, lcceA)
        let udp = UDPHeader.datagram(sourcePort: 1701, destinationPort: 1701, payload: frame.l2tp,
                                     source: source, destination: destination)
        let ip = IPv4Header.packet(source: source, destination: destination, protocol: IPProtocol.udp, ttl: 64,
                                   identification: UInt16(index), payload: udp)
        return EthernetHeader.frame(destination: frame.fromA ? macB : macA, source: frame.fromA ? macA : macB,
                                    etherType: EtherType.ipv4, payload: ip)
    }

    static let fields = [
        "frame.protocols", "eth.type", "l2tp.ccid", "l2tp.Ns", "l2tp.Nr", "l2tp.sid", "l2tp.avp.message_type", "l2tp.avp.message_digest",
        "l2tp.avp.host_name", "l2tp.avp.vendor_name", "l2tp.avp.router_id", "l2tp.avp.assigned_control_conn_id",
        "l2tp.avp.pw_type", "l2tp.avp.local_session_id", "l2tp.avp.remote_session_id", "l2tp.avp.pseudowire_type",
        "l2tp.avp.remote_end_id", "l2tp.avp.call_serial_number", "l2tp.result_code",
        "arp.opcode", "arp.dst.proto_ipv4", "icmp.type", "icmp.checksum.status", "_ws.malformed",
    ]

    @Test func tsharkDecodesAndVerifiesASignedExchange() throws {
        let tshark = try #require(Oracle.findExecutable("tshark"), "tshark not found on PATH (install it, or unset SOFTRTX_ORACLES)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("softrtx-l2tp-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("l2tp.pcap")
        let frames = Self.frames()
        try Oracle.pcap(frames.enumerated().map { Self.ethernet($1, index: $0) }).write(to: file)

        let base = ["-n", "-r", file.path, "-o", "l2tp.cookie_size:None", "-o", "l2tp.l2_specific:None",
                    "-o", "l2tp.shared_secret:test1234"]
        let output = try Oracle.run(tshark, base + ["-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,"]
            + Self.fields.flatMap { ["-e", $0] })
        let rows = output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
        try #require(rows.count == frames.count, "tshark printed \(rows.count) rows:\n\(output)")
        for (index, row) in rows.enumerated() {
            let values = Dictionary(uniqueKeysWithValues: zip(Self.fields, row + Array(repeating: "", count: max(0, Self.fields.count - row.count))))
            for (field, value) in frames[index].expected {
                #expect(values[field] == value, "frame \(index + 1) \(field): \(values["frame.protocols"] ?? "")")
            }
            #expect(values["_ws.malformed"] == "", "frame \(index + 1) malformed")
            let protocols = values["frame.protocols"] ?? ""
            if frames[index].expected["arp.opcode"] != nil {
                #expect(protocols.hasSuffix("udp:l2tp:ethertype:arp"), "frame \(index + 1): \(protocols)")
            } else if frames[index].expected["icmp.type"] != nil {
                #expect(protocols.hasSuffix("udp:l2tp:ethertype:ip:icmp:data"), "frame \(index + 1): \(protocols)")
            } else {
                #expect(protocols.hasSuffix("udp:l2tp"), "frame \(index + 1): \(protocols)")
                // Wireshark reads the digest we wrote (Digest Type 00, then the HMAC-MD5); a ZLB has none.
                let ours = (try? L2TPControlMessage.parse(frames[index].l2tp))?.messageDigest
                let expected = ours.map { ([$0.type] + $0.digest).map { String(format: "%02x", $0) }.joined() } ?? ""
                #expect(values["l2tp.avp.message_digest"] == expected, "frame \(index + 1) digest")
                #expect(ours == nil || ours?.digest.count == 16)
            }
        }

        // Wireshark flags a digest it recomputes differently with the expert info l2tp.incorrect_digest:
        // it must flag the message signed with the wrong secret and no other.
        let flagged = try Oracle.run(tshark, base + ["-Y", "l2tp.incorrect_digest", "-T", "fields", "-e", "frame.number"])
        #expect(flagged == "\(Self.wrongSecretFrame)\n", "frames with an incorrect digest:\n\(flagged)")
        // The check really runs on every signed message: with a wrong shared secret, all of them are flagged.
        let withWrongSecret = try Oracle.run(tshark, ["-n", "-r", file.path, "-o", "l2tp.cookie_size:None", "-o", "l2tp.l2_specific:None",
                                                    "-o", "l2tp.shared_secret:not-test1234",
                                                    "-Y", "l2tp.incorrect_digest", "-T", "fields", "-e", "frame.number"])
        let signedFrames = frames.enumerated().filter { $1.expected["l2tp.avp.message_type"].map { !$0.isEmpty } ?? false }.map { "\($0.offset + 1)" }
        #expect(withWrongSecret.split(separator: "\n").map(String.init) == signedFrames)

        let bad = try Oracle.run(tshark, base + ["-Y", "_ws.malformed || _ws.expert.severity == error"])
        #expect(bad.isEmpty, "tshark flags frames:\n\(bad)")
    }
}

