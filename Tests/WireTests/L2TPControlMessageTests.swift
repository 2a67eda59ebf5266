import NIOCore
import Testing
@testable import Wire

struct L2TPControlMessageTests {
    /// An RTX-style SCCRQ laid out by hand from RFC 3931 3.2.1 and 5.1/5.4:
    /// header (T L S, Ver 3, Length 86, CCID 0, Ns 0, Nr 0), then Message Type 1, Host Name "RTX830",
    /// Router ID 10.0.0.1, Assigned CCID 0x12345678, PW Capabilities [5, 4], Vendor Name (M = 0).
    static let sccrq = """
        c803 0056 00000000 0000 0000
        8008 0000 0000 0001
        800c 0000 0007 525458383330
        800a 0000 003c 0a000001
        800a 0000 003d 12345678
        800a 0000 003e 0005 0004
        0018 0000 0008 59414d41484120436f72706f726174696f6e
        """

    static func rtxSCCRQ() -> L2TPControlMessage {
        var message = L2TPControlMessage.make(.sccrq, connectionID: 0)
        message.hostName = "RTX830"
        message.routerID = 0x0A00_0001
        message.assignedControlConnectionID = 0x1234_5678
        message.pseudowireCapabilities = [5, 4]
        message.vendorName = "YAMAHA Corporation"
        return message
    }

    @Test func buildsKnownSCCRQByteForByte() {
        let built = bytes(Self.rtxSCCRQ().buffer)
        let expected = bytes(hexBuffer(Self.sccrq))
        #expect(built.count == expected.count)
        for (index, (a, b)) in zip(built, expected).enumerated() {
            #expect(a == b, "byte \(index)")
        }
    }

    @Test func parsesKnownSCCRQ() throws {
        let message = try L2TPControlMessage.parse(hexBuffer(Self.sccrq))
        #expect(message.messageType == .sccrq)
        #expect(message.connectionID == 0 && message.ns == 0 && message.nr == 0)
        #expect(message.hostName == "RTX830")
        #expect(message.routerID == 0x0A00_0001)
        #expect(message.assignedControlConnectionID == 0x1234_5678)
        #expect(message.pseudowireCapabilities == [5, 4])
        #expect(message.vendorName == "YAMAHA Corporation")
        #expect(message.avps.map(\.mandatory) == [true, true, true, true, true, false])
        #expect(message.unknownMandatoryAVPs.isEmpty)
        #expect(message == Self.rtxSCCRQ())
    }

    /// Every message of an RTX control connection and session, with the AVPs WIRE-NOTES lists.
    static func rtxMessages() -> [L2TPControlMessage] {
        var sccrq = rtxSCCRQ()
        sccrq.receiveWindowSize = 8
        sccrq.nonce = Array(0..<16)
        sccrq.messageDigest = L2TPMessageDigest(type: 0, digest: Array(repeating: 0xAB, count: 16))

        var sccrp = L2TPControlMessage.make(.sccrp, connectionID: 0x1234_5678)
        sccrp.hostName = "RTX1210"
        sccrp.vendorName = "YAMAHA Corporation"
        sccrp.routerID = 0xC000_0202
        sccrp.assignedControlConnectionID = 0x0BAD_CAFE
        sccrp.pseudowireCapabilities = [5]
        sccrp.nonce = Array(100..<120)
        sccrp.messageDigest = L2TPMessageDigest(type: 1, digest: Array(repeating: 0xCD, count: 20))

        var icrq = L2TPControlMessage.make(.icrq, connectionID: 0x0BAD_CAFE)
        icrq.localSessionID = 0x0101_0101
        icrq.remoteSessionID = 0
        icrq.serialNumber = 1
        icrq.pseudowireType = 5
        icrq.remoteEndID = Array("tunnel1".utf8)
        icrq.circuitStatus = 3

        var icrp = L2TPControlMessage.make(.icrp, connectionID: 0x1234_5678)
        icrp.localSessionID = 0x0202_0202
        icrp.remoteSessionID = 0x0101_0101
        icrp.circuitStatus = 3

        var iccn = L2TPControlMessage.make(.iccn, connectionID: 0x0BAD_CAFE)
        iccn.localSessionID = 0x0101_0101
        iccn.remoteSessionID = 0x0202_0202

        var cdn = L2TPControlMessage.make(.cdn, connectionID: 0x0BAD_CAFE)
        cdn.resultCode = L2TPResultCode(result: 3)
        cdn.localSessionID = 0x0101_0101
        cdn.remoteSessionID = 0x0202_0202

        var stopccn = L2TPControlMessage.make(.stopccn, connectionID: 0x1234_5678)
        stopccn.resultCode = L2TPResultCode(result: 2, error: 8, message: "unknown AVP 99")
        stopccn.assignedControlConnectionID = 0x0BAD_CAFE

        var wen = L2TPControlMessage.make(.wen, connectionID: 1)
        wen.remoteSessionID = 9
        var sli = L2TPControlMessage.make(.sli, connectionID: 1)
        sli.circuitStatus = 1

        var messages = [sccrq, sccrp, .make(.scccn, connectionID: 0x0BAD_CAFE), .make(.hello, connectionID: 7),
                        icrq, icrp, iccn, cdn, stopccn, wen, sli, .make(.ack, connectionID: 3),
                        .zlb(connectionID: 0x1234_5678, ns: 3, nr: 4)]
        for (index, _) in messages.enumerated() {
            messages[index].ns = UInt16(index)
            messages[index].nr = UInt16(index * 3)
        }
        return messages
    }

    @Test func everyRTXMessageRoundTrips() throws {
        for message in Self.rtxMessages() {
            let parsed = try L2TPControlMessage.parse(message.buffer)
            #expect(parsed == message, "\(String(describing: message.messageType))")
            #expect(parsed.buffer == message.buffer)
            #expect(parsed.unknownMandatoryAVPs.isEmpty)
        }
    }

    @Test func everyMessageTypeRoundTrips() throws {
        for type in L2TPMessageType.allCases {
            let message = L2TPControlMessage.make(type, connectionID: 42)
            let parsed = try L2TPControlMessage.parse(message.buffer)
            #expect(parsed.messageType == type)
            #expect(parsed.avps.first?.mandatory == true)
            #expect(bytes(message.buffer).prefix(4) == [0xC8, 0x03, 0x00, 0x14])
        }
    }

    @Test func typedValuesSurviveParsing() throws {
        let messages = try Self.rtxMessages().map { try L2TPControlMessage.parse($0.buffer) }
        #expect(messages[0].nonce == Array(0..<16))
        #expect(messages[0].receiveWindowSize == 8)
        #expect(messages[0].messageDigest == L2TPMessageDigest(type: 0, digest: Array(repeating: 0xAB, count: 16)))
        #expect(messages[1].messageDigest?.type == 1)
        #expect(messages[4].remoteEndID == Array("tunnel1".utf8))
        #expect(messages[4].pseudowireType == 5)
        #expect(messages[4].serialNumber == 1)
        #expect(messages[4].circuitStatus == 3)
        #expect(messages[4].remoteSessionID == 0)
        #expect(messages[5].localSessionID == 0x0202_0202)
        #expect(messages[7].resultCode == L2TPResultCode(result: 3))
        #expect(messages[8].resultCode == L2TPResultCode(result: 2, error: 8, message: "unknown AVP 99"))
    }

    @Test func zeroLengthBody() throws {
        let zlb = L2TPControlMessage.zlb(connectionID: 0x0102_0304, ns: 5, nr: 6)
        #expect(zlb.buffer == hexBuffer("c803 000c 01020304 0005 0006"))
        let parsed = try L2TPControlMessage.parse(hexBuffer("c803 000c 01020304 0005 0006"))
        #expect(parsed.isZLB)
        #expect(parsed.messageType == nil)
        #expect(parsed == zlb)
        #expect(!L2TPControlMessage.make(.hello, connectionID: 1).isZLB)
    }

    @Test func settersKeepOrderAndRFCMandatoryBits() {
        var message = L2TPControlMessage.make(.icrq, connectionID: 1)
        message.serialNumber = 7
        message.localSessionID = 9
        message.messageDigest = L2TPMessageDigest(type: 0, digest: Array(repeating: 0, count: 16))
        message.nonce = [1, 2, 3]
        #expect(message.avps.map(\.type) == [0, 59, 15, 63, 73])
        #expect(message.avps.map(\.mandatory) == [true, true, false, true, true])
        message.localSessionID = 10  // replaces in place
        #expect(message.avps.map(\.type) == [0, 59, 15, 63, 73])
        #expect(message.localSessionID == 10)
        message.serialNumber = nil
        message.messageDigest = nil
        #expect(message.avps.map(\.type) == [0, 63, 73])
        #expect(message.serialNumber == nil)
        message.txConnectSpeedIsOptional()
    }

    @Test func messageTypeAndDigestPlacementWithoutMessageType() {
        var message = L2TPControlMessage(connectionID: 0, ns: 0, nr: 0, avps: [])
        message.hostName = "a"
        message.messageDigest = L2TPMessageDigest(type: 1, digest: [])
        #expect(message.avps.map(\.type) == [59, 7])
        message.setAVP(L2TPAttribute.messageType, [0, 6])
        #expect(message.avps.map(\.type) == [0, 59, 7])
        #expect(message.messageType == .hello)
    }

    @Test func wrongSizedValuesReadAsNil() {
        var message = L2TPControlMessage.make(.icrq, connectionID: 1)
        message.avps += [
            L2TPAVP(type: L2TPAttribute.localSessionID, value: [1, 2], mandatory: true),
            L2TPAVP(type: L2TPAttribute.pseudowireCapabilities, value: [0, 5, 0], mandatory: true),
            L2TPAVP(type: L2TPAttribute.resultCode, value: [0], mandatory: true),
            L2TPAVP(type: L2TPAttribute.messageDigest, value: [], mandatory: true),
        ]
        #expect(message.localSessionID == nil)
        #expect(message.pseudowireCapabilities == nil)
        #expect(message.resultCode == nil)
        #expect(message.messageDigest == nil)
    }

    @Test func unknownMandatoryAVPsAreListed() throws {
        var message = L2TPControlMessage.make(.sccrq, connectionID: 0)
        message.hostName = "peer"
        let vendorMandatory = L2TPAVP(type: 1, value: [1], mandatory: true, vendorID: 9)  // Cisco
        let vendorOptional = L2TPAVP(type: 2, value: [2], mandatory: false, vendorID: 9)
        let unknownMandatory = L2TPAVP(type: 99, value: [], mandatory: true)
        let unknownOptional = L2TPAVP(type: 98, value: [3], mandatory: false)
        let v2Challenge = L2TPAVP(type: L2TPAttribute.challenge, value: [4, 5], mandatory: true)
        message.avps += [vendorMandatory, vendorOptional, unknownMandatory, unknownOptional, v2Challenge]
        let parsed = try L2TPControlMessage.parse(message.buffer)
        #expect(parsed.unknownMandatoryAVPs == [vendorMandatory, unknownMandatory])
        #expect(parsed.challenge == [4, 5])
        #expect(parsed.hostName == "peer")
    }

    @Test func vendorMessageTypeIsAcceptedButUntyped() throws {
        let message = L2TPControlMessage(connectionID: 1, ns: 0, nr: 0,
                                         avps: [L2TPAVP(type: 0, value: [0, 1], mandatory: true, vendorID: 9)])
        let parsed = try L2TPControlMessage.parse(message.buffer)
        #expect(parsed.messageType == nil)
        #expect(parsed.unknownMandatoryAVPs.count == 1)
        let unknownValue = try L2TPControlMessage.parse(hexBuffer("c803 0014 00000001 0000 0000 8008 0000 0000 00ff"))
        #expect(unknownValue.messageType == nil)
        #expect(unknownValue.unknownMandatoryAVPs.isEmpty)
    }

    @Test func bytesAfterLengthAreIgnoredAndReservedBitsTolerated() throws {
        var padded = Self.rtxSCCRQ().buffer
        padded.writeBytes([0xEE, 0xEE])
        #expect(try L2TPControlMessage.parse(padded) == Self.rtxSCCRQ())
        // RFC 3931 3.2.1: reserved header bits are ignored on receipt; so are the AVP reserved bits.
        let reserved = hexBuffer(Self.sccrq).setting(0xFF, at: 0).setting(0xF3, at: 1).setting(0xBC, at: 12)
        #expect(try L2TPControlMessage.parse(reserved) == Self.rtxSCCRQ())
    }

    @Test func oversizedValueIsCutToTheLengthField() throws {
        let message = L2TPControlMessage(connectionID: 1, ns: 0, nr: 0,
                                         avps: [L2TPAVP(type: 0, value: [0, 6], mandatory: true),
                                                L2TPAVP(type: 7, value: Array(repeating: 0x41, count: 2000))])
        let parsed = try L2TPControlMessage.parse(message.buffer)
        #expect(parsed.hostName?.utf8.count == L2TPAVP.maximumValueLength)
    }
}

extension L2TPControlMessage {
    /// Tx Connect Speed is one of the AVPs RFC 3931 sends with M = 0.
    fileprivate mutating func txConnectSpeedIsOptional() {
        setAVP(L2TPAttribute.txConnectSpeed, [0, 0, 0, 0, 0, 0, 0, 1])
        #expect(avp(L2TPAttribute.txConnectSpeed)?.mandatory == false)
        #expect(avp(L2TPAttribute.remoteEndID) == nil)
    }
}
