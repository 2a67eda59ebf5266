@testable import Wire

/// Messages shaped like the ones an RTX exchanges, shared by the unit and oracle tests.
enum ISAKMPSamples {
    typealias IKE = ISAKMPAttributeType.IKE
    typealias IPsec = ISAKMPAttributeType.IPsec

    static let initiatorCookie: UInt64 = 0x0102_0304_0506_0708
    static let responderCookie: UInt64 = 0xA1A2_A3A4_A5A6_A7A8

    static func basic(_ type: UInt16, _ value: UInt16) -> ISAKMPAttribute { ISAKMPAttribute(type: type, value: .basic(value)) }

    /// RTX defaults (3DES, SHA, modp1024, 28800 s as a 4-byte variable attribute) and an AES-128 / modp2048 alternative.
    static let phase1Proposal = ISAKMPProposal(number: 1, protocolID: ISAKMPProtocolID.isakmp, transforms: [
        ISAKMPTransform(number: 1, transformID: ISAKMPTransformID.IKE.keyIKE, attributes: [
            basic(IKE.encryptionAlgorithm, IKE.EncryptionAlgorithm.tripleDESCBC),
            basic(IKE.hashAlgorithm, IKE.HashAlgorithm.sha),
            basic(IKE.authenticationMethod, IKE.AuthenticationMethod.preSharedKey),
            basic(IKE.groupDescription, IKE.Group.modp1024),
            basic(IKE.lifeType, IKE.LifeType.seconds),
            ISAKMPAttribute(type: IKE.lifeDuration, value: .variable([0, 0, 0x70, 0x80])),
        ]),
        ISAKMPTransform(number: 2, transformID: ISAKMPTransformID.IKE.keyIKE, attributes: [
            basic(IKE.encryptionAlgorithm, IKE.EncryptionAlgorithm.aesCBC),
            basic(IKE.keyLength, 128),
            basic(IKE.hashAlgorithm, IKE.HashAlgorithm.sha2_256),
            basic(IKE.authenticationMethod, IKE.AuthenticationMethod.preSharedKey),
            basic(IKE.groupDescription, IKE.Group.modp2048),
            basic(IKE.lifeType, IKE.LifeType.seconds),
            .integer(type: IKE.lifeDuration, 28800),
        ]),
    ])

    static let mainMode1 = ISAKMPMessage(
        header: ISAKMPHeader(initiatorCookie: initiatorCookie, exchangeType: .identityProtection),
        payloads: [
            ISAKMPPayload(type: .securityAssociation, body: SecurityAssociationPayload(proposals: [phase1Proposal]).body),
            ISAKMPPayload(type: .vendorID, body: ISAKMPVendorID.natTraversalRFC3947),
            ISAKMPPayload(type: .vendorID, body: ISAKMPVendorID.natTraversalDraft02Newline),
            ISAKMPPayload(type: .vendorID, body: ISAKMPVendorID.deadPeerDetection),
        ])

    static let fqdn = Array("branch.example.jp".utf8)
    static let keyExchange = (0..<128).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }
    static let nonce = (0..<16).map { UInt8(0xC0 + $0) }
    static let natHashes: [[UInt8]] = [Array(repeating: 0x11, count: 20), Array(repeating: 0x22, count: 20)]

    static let aggressive1 = ISAKMPMessage(
        header: ISAKMPHeader(initiatorCookie: initiatorCookie, responderCookie: responderCookie, exchangeType: .aggressive),
        payloads: [
            ISAKMPPayload(type: .securityAssociation, body: SecurityAssociationPayload(proposals: [
                ISAKMPProposal(number: 1, protocolID: ISAKMPProtocolID.isakmp, transforms: [phase1Proposal.transforms[0]]),
            ]).body),
            ISAKMPPayload(type: .keyExchange, body: keyExchange),
            ISAKMPPayload(type: .nonce, body: nonce),
            ISAKMPPayload(type: .identification, body: IdentificationPayload(
                idType: ISAKMPIdentificationType.fqdn, protocolID: 17, port: 500, data: fqdn).body),
            ISAKMPPayload(type: .vendorID, body: ISAKMPVendorID.natTraversalRFC3947),
            ISAKMPPayload(type: .natD, body: natHashes[0]),
            ISAKMPPayload(type: .natD, body: natHashes[1]),
        ])

    static let espSPI: [UInt8] = [0xCA, 0xFE, 0x00, 0x01]

    /// Quick mode message 1 in the clear (on the wire it is encrypted): ESP transport, UDP 1701 client IDs.
    static let quickMode1 = ISAKMPMessage(
        header: ISAKMPHeader(initiatorCookie: initiatorCookie, responderCookie: responderCookie, exchangeType: .quickMode,
                             messageID: 0x1234_5678),
        payloads: [
            ISAKMPPayload(type: .hash, body: Array(repeating: 0x33, count: 20)),
            ISAKMPPayload(type: .securityAssociation, body: SecurityAssociationPayload(proposals: [
                ISAKMPProposal(number: 1, protocolID: ISAKMPProtocolID.esp, spi: espSPI, transforms: [
                    ISAKMPTransform(number: 1, transformID: ISAKMPTransformID.ESP.aes, attributes: [
                        basic(IPsec.saLifeType, IKE.LifeType.seconds),
                        basic(IPsec.saLifeDuration, 28800),
                        basic(IPsec.encapsulationMode, IPsec.EncapsulationMode.transport),
                        basic(IPsec.authenticationAlgorithm, IPsec.AuthenticationAlgorithm.hmacSHA),
                        basic(IPsec.keyLength, 128),
                    ]),
                ]),
            ]).body),
            ISAKMPPayload(type: .nonce, body: nonce),
            ISAKMPPayload(type: .identification, body: IdentificationPayload(
                idType: ISAKMPIdentificationType.ipv4Address, protocolID: 17, port: 1701, data: [203, 0, 113, 1]).body),
            ISAKMPPayload(type: .identification, body: IdentificationPayload(
                idType: ISAKMPIdentificationType.ipv4Address, protocolID: 17, port: 1701, data: [198, 51, 100, 7]).body),
        ])

    static let cookies: [UInt8] = {
        var bytes: [UInt8] = []
        bytes.appendBigEndian(initiatorCookie)
        bytes.appendBigEndian(responderCookie)
        return bytes
    }()

    /// A DPD R-U-THERE and a Delete of two ESP SAs, in the clear.
    static let informational = ISAKMPMessage(
        header: ISAKMPHeader(initiatorCookie: initiatorCookie, responderCookie: responderCookie, exchangeType: .informational,
                             messageID: 0x0BAD_F00D),
        payloads: [
            ISAKMPPayload(type: .hash, body: Array(repeating: 0x44, count: 20)),
            ISAKMPPayload(type: .notification, body: NotificationPayload(
                protocolID: ISAKMPProtocolID.isakmp, spi: cookies, messageType: ISAKMPNotifyType.rUThere.rawValue,
                data: [0, 0, 0x01, 0x02]).body),
            ISAKMPPayload(type: .delete, body: DeletePayload(
                protocolID: ISAKMPProtocolID.esp, spiSize: 4, spis: [espSPI, [0xCA, 0xFE, 0x00, 0x02]]).body),
        ])

    static let named = ["mainMode1": mainMode1, "aggressive1": aggressive1, "quickMode1": quickMode1, "informational": informational]
}
