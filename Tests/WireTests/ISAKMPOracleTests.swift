import Foundation
import NIOCore
import OracleSupport
import Testing
@testable import Wire

/// ISAKMP messages checked against independent implementations: Wireshark's dissector decodes ours, and
/// scapy (scapy.layers.isakmp) encodes the same messages byte for byte. Runs only with SOFTRTX_ORACLES=1.
@Suite(.enabled(if: Oracle.enabled))
struct ISAKMPOracleTests {
    static let initiator = IPv4Address(203, 0, 113, 1)
    static let responder = IPv4Address(198, 51, 100, 7)

    static let messages = [ISAKMPSamples.mainMode1, ISAKMPSamples.aggressive1, ISAKMPSamples.quickMode1, ISAKMPSamples.informational]

    static func frame(_ message: ISAKMPMessage) -> ByteBuffer {
        let udp = UDPHeader.datagram(sourcePort: 500, destinationPort: 500, payload: ByteBuffer(bytes: message.bytes),
                                     source: initiator, destination: responder)
        return EthernetHeader.frame(destination: MACAddress(0x00A0_DE01_0203), source: MACAddress(0x0211_2233_4455),
                                    etherType: EtherType.ipv4,
                                    payload: IPv4Header.packet(source: initiator, destination: responder, protocol: IPProtocol.udp,
                                                               ttl: 64, identification: 0x0500, payload: udp))
    }


    static let fields = [
        "isakmp.ispi", "isakmp.rspi", "isakmp.exchangetype", "isakmp.length", "isakmp.messageid",
        "isakmp.prop.number", "isakmp.prop.protoid", "isakmp.spi", "isakmp.trans.number", "isakmp.trans.id",
        "isakmp.ike.attr.encryption_algorithm", "isakmp.ike.attr.hash_algorithm", "isakmp.ike.attr.authentication_method",
        "isakmp.ike.attr.group_description", "isakmp.ike.attr.life_type", "isakmp.ike.attr.life_duration", "isakmp.ike.attr.key_length",
        "isakmp.ipsec.attr.life_duration", "isakmp.ipsec.attr.encap_mode", "isakmp.ipsec.attr.auth_algorithm", "isakmp.ipsec.attr.key_length",
        "isakmp.vid_bytes", "isakmp.key_exchange.data", "isakmp.nonce", "isakmp.hash", "isakmp.id.type", "isakmp.id.protoid", "isakmp.id.port",
        "isakmp.id.data.fqdn", "isakmp.id.data.ipv4_addr", "isakmp.ike.nat_hash",
        "isakmp.notify.protoid", "isakmp.notify.msgtype", "isakmp.notify.data.dpd.are_you_there", "isakmp.delete.protoid", "isakmp.delete.spi",
        "_ws.malformed",
    ]

    /// What Wireshark must show for each message, derived from the values we encoded.
    static let expected: [[String: String]] = {
        let s = ISAKMPSamples.self
        let cookies = (initiator: s.cookies.prefix(8).hexText(), responder: s.cookies.suffix(8).hexText())
        return [
            ["isakmp.ispi": cookies.initiator, "isakmp.rspi": "0000000000000000", "isakmp.exchangetype": "2",
             "isakmp.length": "\(s.mainMode1.bytes.count)", "isakmp.prop.number": "1", "isakmp.prop.protoid": "1",
             "isakmp.trans.number": "1,2", "isakmp.trans.id": "1,1",
             "isakmp.ike.attr.encryption_algorithm": "5,7", "isakmp.ike.attr.hash_algorithm": "2,4",
             "isakmp.ike.attr.authentication_method": "1,1", "isakmp.ike.attr.group_description": "2,14",
             "isakmp.ike.attr.life_type": "1,1", "isakmp.ike.attr.life_duration": "28800,28800", "isakmp.ike.attr.key_length": "128",
             "isakmp.vid_bytes": [ISAKMPVendorID.natTraversalRFC3947, ISAKMPVendorID.natTraversalDraft02Newline,
                                  ISAKMPVendorID.deadPeerDetection].map { $0.hexText() }.joined(separator: ",")],
            ["isakmp.ispi": cookies.initiator, "isakmp.rspi": cookies.responder, "isakmp.exchangetype": "4",
             "isakmp.length": "\(s.aggressive1.bytes.count)", "isakmp.trans.number": "1", "isakmp.ike.attr.encryption_algorithm": "5",
             "isakmp.ike.attr.life_duration": "28800", "isakmp.key_exchange.data": s.keyExchange.hexText(), "isakmp.nonce": s.nonce.hexText(),
             "isakmp.id.type": "2", "isakmp.id.protoid": "17", "isakmp.id.port": "500",
             "isakmp.id.data.fqdn": String(decoding: s.fqdn, as: UTF8.self),
             "isakmp.vid_bytes": ISAKMPVendorID.natTraversalRFC3947.hexText(), "isakmp.ike.nat_hash": s.natHashes.map { $0.hexText() }.joined(separator: ",")],
            ["isakmp.exchangetype": "32", "isakmp.messageid": "0x12345678", "isakmp.length": "\(s.quickMode1.bytes.count)",
             "isakmp.prop.protoid": "3", "isakmp.spi": s.espSPI.hexText(), "isakmp.trans.id": "12",
             "isakmp.ipsec.attr.life_duration": "28800", "isakmp.ipsec.attr.encap_mode": "2", "isakmp.ipsec.attr.auth_algorithm": "2",
             "isakmp.ipsec.attr.key_length": "128", "isakmp.hash": String(repeating: "33", count: 20),
             "isakmp.id.type": "1,1", "isakmp.id.port": "1701,1701", "isakmp.id.data.ipv4_addr": "203.0.113.1,198.51.100.7"],
            ["isakmp.exchangetype": "5", "isakmp.messageid": "0x0badf00d", "isakmp.length": "\(s.informational.bytes.count)",
             "isakmp.hash": String(repeating: "44", count: 20), "isakmp.notify.protoid": "1", "isakmp.notify.msgtype": "36136",
             "isakmp.notify.data.dpd.are_you_there": "258", "isakmp.delete.protoid": "3", "isakmp.delete.spi": "cafe0001,cafe0002"],
        ]
    }()

    @Test func tsharkDecodesOurMessages() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("softrtx-isakmp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("isakmp.pcap")
        try Oracle.pcap(Self.messages.map(Self.frame)).write(to: file)

        let output = try Oracle.tshark(["-n", "-r", file.path, "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a",
                                        "-E", "aggregator=,"] + Self.fields.flatMap { ["-e", $0] })
        let rows = output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
        try #require(rows.count == Self.messages.count, "tshark printed \(rows.count) rows:\n\(output)")
        for (index, row) in rows.enumerated() {
            let values = Dictionary(uniqueKeysWithValues: zip(Self.fields, row + Array(repeating: "", count: max(0, Self.fields.count - row.count))))
            for (field, value) in Self.expected[index] {
                #expect(values[field] == value, "message \(index + 1) \(field)")
            }
            #expect(values["_ws.malformed"] == "", "message \(index + 1) malformed")
        }
        let bad = try Oracle.tshark(["-n", "-r", file.path, "-Y", "_ws.malformed || _ws.expert.severity == error"])
        #expect(bad.isEmpty, "tshark flags messages:\n\(bad)")
    }

    /// scapy builds these from the same values; our encoder must produce the same bytes and our parser must read scapy's.
    static let scapyScript = """
        from scapy.layers.isakmp import *
        from scapy.all import raw
        ck = bytes.fromhex("0102030405060708a1a2a3a4a5a6a7a8")
        t1 = ISAKMP_payload_Transform(transform_count=1, transform_id=1, transforms=[("Encryption", "3DES-CBC"), ("Hash", "SHA"),
            ("Authentication", "PSK"), ("GroupDesc", "1024MODPgr"), ("LifeType", "Seconds"), ("LifeDuration", 28800)])
        t2 = ISAKMP_payload_Transform(transform_count=2, transform_id=1, transforms=[("Encryption", "AES-CBC"), ("KeyLength", 128),
            ("Hash", "SHA"), ("Authentication", "PSK"), ("GroupDesc", "2048MODPgr"), ("LifeType", "Seconds"), ("LifeDuration", 86400)])
        mm = ISAKMP(init_cookie=ck[:8], exch_type="identity protection") / ISAKMP_payload_SA(doi=1, situation=1,
            prop=ISAKMP_payload_Proposal(proposal=1, proto=1, trans_nb=2, trans=t1 / t2)) \\
            / ISAKMP_payload_VendorID(VendorID=bytes.fromhex("4a131c81070358455c5728f20e95452f"))
        agg = ISAKMP(init_cookie=ck[:8], resp_cookie=ck[8:], exch_type="aggressive") / ISAKMP_payload_KE(ke=bytes(range(64))) \\
            / ISAKMP_payload_Nonce(nonce=bytes(range(0xC0, 0xD0))) \\
            / ISAKMP_payload_ID(IDtype=2, ProtoID=17, Port=500, IdentData=b"branch.example.jp")
        info = ISAKMP(init_cookie=ck[:8], resp_cookie=ck[8:], exch_type="informational", id=0x0BADF00D) \\
            / ISAKMP_payload_Hash(hash=b"\\x44" * 20) \\
            / ISAKMP_payload_Notify(doi=1, proto=1, SPI=ck, notify_msg_type=36136, notify_data=b"\\x00\\x00\\x01\\x02") \\
            / ISAKMP_payload_Delete(doi=1, proto=3, SPIsize=4, SPIs=[b"\\xca\\xfe\\x00\\x01", b"\\xca\\xfe\\x00\\x02"])
        for p in (mm, agg, info):
            print(raw(p).hex())
        """

    static func ours() -> [ISAKMPMessage] {
        typealias IKE = ISAKMPAttributeType.IKE
        let s = ISAKMPSamples.self
        var transforms = s.phase1Proposal.transforms
        transforms[1].attributes = [
            s.basic(IKE.encryptionAlgorithm, IKE.EncryptionAlgorithm.aesCBC), s.basic(IKE.keyLength, 128),
            s.basic(IKE.hashAlgorithm, IKE.HashAlgorithm.sha), s.basic(IKE.authenticationMethod, IKE.AuthenticationMethod.preSharedKey),
            s.basic(IKE.groupDescription, IKE.Group.modp2048), s.basic(IKE.lifeType, IKE.LifeType.seconds),
            // scapy writes 86400 in the 3 bytes it needs.
            ISAKMPAttribute(type: IKE.lifeDuration, value: .variable([0x01, 0x51, 0x80])),
        ]
        transforms[0].attributes[5] = .integer(type: IKE.lifeDuration, 28800)
        let mainMode = ISAKMPMessage(header: ISAKMPHeader(initiatorCookie: s.initiatorCookie, exchangeType: .identityProtection), payloads: [
            ISAKMPPayload(type: .securityAssociation, body: SecurityAssociationPayload(proposals: [
                ISAKMPProposal(number: 1, protocolID: ISAKMPProtocolID.isakmp, transforms: transforms),
            ]).body),
            ISAKMPPayload(type: .vendorID, body: ISAKMPVendorID.natTraversalRFC3947),
        ])
        let aggressive = ISAKMPMessage(
            header: ISAKMPHeader(initiatorCookie: s.initiatorCookie, responderCookie: s.responderCookie, exchangeType: .aggressive),
            payloads: [
                ISAKMPPayload(type: .keyExchange, body: Array(0..<64)),
                ISAKMPPayload(type: .nonce, body: s.nonce),
                ISAKMPPayload(type: .identification, body: IdentificationPayload(
                    idType: ISAKMPIdentificationType.fqdn, protocolID: 17, port: 500, data: s.fqdn).body),
            ])
        return [mainMode, aggressive, s.informational]
    }

    @Test func scapyEncodesTheSameBytes() throws {
        let python = try #require(Oracle.findExecutable("python3"), "python3 is not installed")
        let output = try Oracle.run(python, ["-c", Self.scapyScript])
        let encoded = output.split(separator: "\n").map { bytes(hexBuffer(String($0))) }
        try #require(encoded.count == 3, "scapy (pip install scapy) printed:\n\(output)")
        for (theirs, ours) in zip(encoded, Self.ours()) {
            #expect(ours.bytes.hexText() == theirs.hexText())
            let parsed = try ISAKMPMessage(parsing: theirs)
            #expect(parsed.payloads == ours.payloads)
            #expect(parsed.header.exchangeType == ours.header.exchangeType)
            #expect(parsed.header.messageID == ours.header.messageID)
        }
    }
}
