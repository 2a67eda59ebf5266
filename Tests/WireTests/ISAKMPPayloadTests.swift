import Testing
@testable import Wire

struct ISAKMPPayloadTests {
    typealias IKE = ISAKMPAttributeType.IKE

    @Test func attributeForms() throws {
        let basic = ISAKMPAttribute(type: IKE.encryptionAlgorithm, value: .basic(5))
        #expect(basic.body == [0x80, 0x01, 0x00, 0x05])
        #expect(try ISAKMPAttribute(body: basic.body) == basic)
        let variable = ISAKMPAttribute(type: IKE.lifeDuration, value: .variable([0, 0, 0x70, 0x80]))
        #expect(variable.body == [0x00, 0x0C, 0x00, 0x04, 0, 0, 0x70, 0x80])
        #expect(try ISAKMPAttribute(body: variable.body) == variable)
        #expect(variable.integerValue == 28800)
        #expect(ISAKMPAttribute(type: 1, value: .variable(Array(repeating: 1, count: 9))).integerValue == nil)
        #expect(ISAKMPAttribute.integer(type: IKE.lifeDuration, 28800).value == .basic(28800))
        #expect(ISAKMPAttribute.integer(type: IKE.lifeDuration, 86400).value == .variable([0, 1, 0x51, 0x80]))
        #expect(ISAKMPAttribute.integer(type: IKE.lifeDuration, 1 << 40).integerValue == 1 << 40)
        #expect(throws: DropReason.isakmpBadPayload) { try ISAKMPAttribute(body: [0x80, 0x01, 0x00]) }
        #expect(throws: DropReason.isakmpBadPayload) { try ISAKMPAttribute(body: [0x00, 0x0C, 0x00, 0x04, 0]) }
        #expect(throws: DropReason.isakmpBadPayload) { try ISAKMPAttribute(body: basic.body + [0]) }
        #expect(throws: DropReason.isakmpBadPayload) { try ISAKMPAttribute.parseList(basic.body + [0x80]) }
    }

    @Test func transformRoundTrip() throws {
        let transform = ISAKMPSamples.phase1Proposal.transforms[1]
        #expect(try ISAKMPTransform(body: transform.body) == transform)
        #expect(transform.attribute(IKE.groupDescription) == UInt64(IKE.Group.modp2048))
        #expect(throws: DropReason.isakmpBadPayload) { try ISAKMPTransform(body: [1, 1, 0]) }
    }

    @Test func proposalRoundTrip() throws {
        let proposal = ISAKMPSamples.phase1Proposal
        #expect(try ISAKMPProposal(body: proposal.body) == proposal)
        let esp = ISAKMPProposal(number: 2, protocolID: ISAKMPProtocolID.esp, spi: ISAKMPSamples.espSPI,
                                 transforms: [ISAKMPTransform(number: 1, transformID: ISAKMPTransformID.ESP.tripleDES, attributes: [])])
        #expect(esp.body.prefix(8) == [2, 3, 4, 1, 0xCA, 0xFE, 0x00, 0x01])
        #expect(try ISAKMPProposal(body: esp.body) == esp)
    }

    @Test func proposalRefusesMismatchedTransforms() {
        var body = ISAKMPSamples.phase1Proposal.body
        body[3] = 3
        #expect(throws: DropReason.isakmpBadPayload) { try ISAKMPProposal(body: body) }
        body[3] = 0
        #expect(throws: DropReason.isakmpBadPayload) { try ISAKMPProposal(body: body) }
        // A transform chain that names another payload type.
        body = ISAKMPSamples.phase1Proposal.body
        body[4] = ISAKMPPayloadType.nonce.rawValue
        #expect(throws: DropReason.isakmpBadPayload) { try ISAKMPProposal(body: body) }
        // SPI size beyond the body.
        #expect(throws: DropReason.isakmpBadPayload) { try ISAKMPProposal(body: [1, 3, 8, 1, 0, 0]) }
    }

    @Test func securityAssociationRoundTrip() throws {
        let sa = SecurityAssociationPayload(proposals: [ISAKMPSamples.phase1Proposal])
        #expect(sa.body.prefix(8) == [0, 0, 0, 1, 0, 0, 0, 1])
        #expect(try SecurityAssociationPayload(body: sa.body) == sa)
        #expect(throws: DropReason.isakmpBadPayload) { try SecurityAssociationPayload(body: [0, 0, 0, 1, 0, 0, 0]) }
        // A proposal chain that names a Transform payload next.
        let twoProposals = SecurityAssociationPayload(proposals: [ISAKMPSamples.phase1Proposal, ISAKMPSamples.phase1Proposal])
        var chained = twoProposals.body
        chained[8] = ISAKMPPayloadType.transform.rawValue
        #expect(throws: DropReason.isakmpBadPayload) { try SecurityAssociationPayload(body: chained) }
    }

    @Test func identificationRoundTrip() throws {
        let id = IdentificationPayload(idType: ISAKMPIdentificationType.fqdn, protocolID: 17, port: 500, data: ISAKMPSamples.fqdn)
        #expect(id.body.prefix(4) == [2, 17, 0x01, 0xF4])
        #expect(try IdentificationPayload(body: id.body) == id)
        #expect(throws: DropReason.isakmpBadPayload) { try IdentificationPayload(body: [1, 0, 0]) }
    }

    @Test func notificationRoundTrip() throws {
        let notify = NotificationPayload(protocolID: ISAKMPProtocolID.isakmp, spi: ISAKMPSamples.cookies,
                                         messageType: ISAKMPNotifyType.rUThereAck.rawValue, data: [0, 0, 0, 9])
        #expect(notify.body.prefix(8) == [0, 0, 0, 1, 1, 16, 0x8D, 0x29])
        #expect(try NotificationPayload(body: notify.body) == notify)
        #expect(notify.notifyType == .rUThereAck)
        var changed = notify
        changed.notifyType = .stillConnected
        #expect(changed.messageType == 34793)
        #expect(throws: DropReason.isakmpBadPayload) { try NotificationPayload(body: Array(notify.body.prefix(20))) }
    }

    @Test func deleteRoundTrip() throws {
        let delete = DeletePayload(protocolID: ISAKMPProtocolID.isakmp, spiSize: 16, spis: [ISAKMPSamples.cookies])
        #expect(try DeletePayload(body: delete.body) == delete)
        var body = delete.body
        body.removeLast()
        #expect(throws: DropReason.isakmpBadPayload) { try DeletePayload(body: body) }
        #expect(throws: DropReason.isakmpBadPayload) { try DeletePayload(body: delete.body + [0]) }
        let padded = DeletePayload(protocolID: ISAKMPProtocolID.esp, spiSize: 4, spis: [[1, 2]])
        #expect(try DeletePayload(body: padded.body).spis == [[1, 2, 0, 0]])
    }

    @Test func vendorIDsAreTheirSpecNamesMD5() {
        #expect(ISAKMPVendorID.natTraversalRFC3947.count == 16)
        #expect(ISAKMPVendorID.natTraversalDrafts.allSatisfy { $0.count == 16 })
        #expect(ISAKMPVendorID.deadPeerDetection.suffix(2) == [0x01, 0x00])
    }
}
