import Testing
@testable import Wire

struct ISAKMPMessageTests {

    /// Main Mode message 1 as scapy 2.7.0 (scapy.layers.isakmp, an independent encoder) builds it: two transforms,
    /// 28800 s as a basic attribute and 86400 s as a 3-byte variable one, RFC 3947 and DPD vendor IDs.
    static let scapyMainMode1 = bytes(hexBuffer("""
        0102030405060708000000000000000001100200000000000000009f0d00005b00000001000000010000004f01010002030000200101000080
        010005800200028003000180040002800b0001800c7080000000270201000080010007800e0080800200028003000180040002800b0001000c
        00030151800d0000144a131c81070358455c5728f20e95452f00000014afcad71368a1f1c96b8696fc77570100
        """))

    @Test func headerRoundTrip() throws {
        let header = ISAKMPHeader(initiatorCookie: 1, responderCookie: 2, nextPayload: .hash, exchangeType: .heartbeat,
                                  flags: [.encryption, .commit], messageID: 0xDEAD_BEEF, length: 28)
        #expect(header.bytes.count == ISAKMPHeader.size)
        #expect(header.bytes[17] == 0x10)
        #expect(try ISAKMPHeader(parsing: header.bytes) == header)
    }

    @Test(arguments: ISAKMPSamples.named.keys.sorted()) func messageRoundTrip(name: String) throws {
        let message = try #require(ISAKMPSamples.named[name])
        let encoded = message.bytes
        let parsed = try ISAKMPMessage(parsing: encoded)
        #expect(parsed.payloads == message.payloads)
        #expect(parsed.header.length == UInt32(encoded.count))
        #expect(parsed.header.nextPayload == message.payloads.first?.type)
        #expect(parsed.bytes == encoded)
    }

    @Test func parsesScapyMainMode1() throws {
        let message = try ISAKMPMessage(parsing: Self.scapyMainMode1)
        #expect(message.header.initiatorCookie == 0x0102_0304_0506_0708)
        #expect(message.header.exchangeType == .identityProtection)
        #expect(message.payloads.map(\.type) == [.securityAssociation, .vendorID, .vendorID])
        #expect(message.payloads[1].body == ISAKMPVendorID.natTraversalRFC3947)
        #expect(message.payloads[2].body == ISAKMPVendorID.deadPeerDetection)
        let sa = try SecurityAssociationPayload(body: message.payloads[0].body)
        let transforms = try #require(sa.proposals.first).transforms
        #expect(transforms.map(\.number) == [1, 2])
        #expect(transforms[0].attribute(ISAKMPAttributeType.IKE.encryptionAlgorithm) == 5)
        #expect(transforms[0].attribute(ISAKMPAttributeType.IKE.lifeDuration) == 28800)
        #expect(transforms[1].attribute(ISAKMPAttributeType.IKE.keyLength) == 128)
        #expect(transforms[1].attribute(ISAKMPAttributeType.IKE.lifeDuration) == 86400)
        #expect(message.bytes == Self.scapyMainMode1)
    }

    @Test func trailingBytesAfterLengthAndPaddingAfterChainAreIgnored() throws {
        var encoded = ISAKMPSamples.informational.bytes
        encoded += [0xEE, 0xEE]
        #expect(try ISAKMPMessage(parsing: encoded).payloads == ISAKMPSamples.informational.payloads)
        // A decrypted body: the chain, then cipher padding the last next-payload 0 tells us to skip.
        let chain = ISAKMPPayload.encodeChain(ISAKMPSamples.informational.payloads) + [0, 0, 0, 0, 0, 0, 0, 7]
        #expect(try ISAKMPPayload.parseChain(first: .hash, chain) == ISAKMPSamples.informational.payloads)
    }

    @Test func emptyChain() throws {
        #expect(try ISAKMPPayload.parseChain(first: .none, [1, 2, 3]) == [])
        #expect(ISAKMPPayload.encodeChain([]) == [])
        let message = ISAKMPMessage(header: ISAKMPHeader(initiatorCookie: 9, exchangeType: .informational), payloads: [])
        #expect(try ISAKMPMessage(parsing: message.bytes) == message)
    }

    @Test func refusesBadHeaders() throws {
        let good = ISAKMPSamples.mainMode1.bytes
        #expect(throws: DropReason.isakmpTruncated) { try ISAKMPHeader(parsing: good.prefix(27)) }
        #expect(throws: DropReason.isakmpTruncated) { try ISAKMPMessage(parsing: [UInt8]()) }
        var ikev2 = good
        ikev2[17] = 0x20
        #expect(throws: DropReason.isakmpBadVersion) { try ISAKMPMessage(parsing: ikev2) }
        var short = good
        short[27] = 27
        short[26] = 0
        #expect(throws: DropReason.isakmpBadLength) { try ISAKMPMessage(parsing: short) }
        #expect(throws: DropReason.isakmpBadLength) { try ISAKMPMessage(parsing: good.dropLast()) }
        var encrypted = good
        encrypted[19] = ISAKMPFlags.encryption.rawValue
        #expect(throws: DropReason.isakmpEncrypted) { try ISAKMPMessage(parsing: encrypted) }
        #expect(try ISAKMPHeader(parsing: encrypted).flags == .encryption)
    }

    @Test func refusesBadPayloadLengths() {
        // Generic header cut short, then lengths below 4 and past the end.
        #expect(throws: DropReason.isakmpTruncated) { try ISAKMPPayload.parseChain(first: .nonce, [0, 0, 0]) }
        #expect(throws: DropReason.isakmpBadLength) { try ISAKMPPayload.parseChain(first: .nonce, [0, 0, 0, 3]) }
        #expect(throws: DropReason.isakmpBadLength) { try ISAKMPPayload.parseChain(first: .nonce, [0, 0, 0, 9, 1, 2, 3, 4]) }
        // Next payload promises another one that is not there.
        #expect(throws: DropReason.isakmpTruncated) { try ISAKMPPayload.parseChain(first: .nonce, [13, 0, 0, 4]) }
    }

    /// Every truncation and many random corruptions of every sample throw or parse, never trap.
    @Test(arguments: ISAKMPSamples.named.keys.sorted()) func truncationsAndGarbageNeverTrap(name: String) throws {
        let encoded = try #require(ISAKMPSamples.named[name]).bytes
        for length in 0..<encoded.count {
            #expect(throws: DropReason.self) { try ISAKMPMessage(parsing: encoded.prefix(length)) }
            // Truncated but with the header's length patched to match: the chain runs out instead.
            if length >= ISAKMPHeader.size {
                var patched = Array(encoded.prefix(length))
                patched.replaceSubrange(24..<28, with: [0, 0, UInt8(length >> 8), UInt8(length & 0xFF)])
                if let parsed = try? ISAKMPMessage(parsing: patched) { decodeBodies(parsed) }
            }
        }
        var random = SeededGenerator(seed: 0x15A4_3B)
        for _ in 0..<2000 {
            var corrupt = encoded
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                corrupt[Int.random(in: 0..<corrupt.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            if let parsed = try? ISAKMPMessage(parsing: corrupt) { decodeBodies(parsed) }
        }
    }

    /// Decodes each body as its type says; only DropReason may come out.
    func decodeBodies(_ message: ISAKMPMessage) {
        for payload in message.payloads {
            do {
                switch payload.type {
                case .securityAssociation: _ = try SecurityAssociationPayload(body: payload.body)
                case .identification: _ = try IdentificationPayload(body: payload.body)
                case .notification: _ = try NotificationPayload(body: payload.body)
                case .delete: _ = try DeletePayload(body: payload.body)
                default: break
                }
            } catch {
                #expect(!error.name.isEmpty)
            }
        }
    }
}
