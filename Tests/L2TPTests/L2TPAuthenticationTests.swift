import NIOCore
import Testing
import Wire
@testable import L2TP

/// Bytes from hex text; spaces are ignored.
func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.filter(\.isHexDigit))
    return stride(from: 0, to: digits.count - 1, by: 2).compactMap { UInt8(String(digits[$0...$0 + 1]), radix: 16) }
}

struct L2TPAuthenticationTests {
    static let secret = Array("test1234".utf8)
    static let sender: [UInt8] = [1, 2, 3, 4]
    static let receiver: [UInt8] = [5, 6, 7, 8]

    static func hello() -> L2TPControlMessage {
        var hello = L2TPControlMessage.make(.hello, connectionID: 0x1234)
        hello.ns = 1
        hello.nr = 2
        return hello
    }

    // Expected values computed independently with Python's hmac module over the bytes written out by hand.
    @Test func sharedKeyIsHMACMD5OfTwo() {
        #expect(L2TPAuthentication(secret: Self.secret).sharedKey == hex("9299d08ed94d21fd5362b7fac5473b19"))
        #expect(L2TPAuthentication(secret: Self.secret, algorithm: .sha1).sharedKey.count == 16)
    }

    @Test func knownMD5Digest() {
        let signed = L2TPAuthentication(secret: Self.secret).sign(Self.hello(), senderNonce: Self.sender, receiverNonce: Self.receiver)
        let expected = hex("c803 002b 00001234 0001 0002 8008 0000 0000 0006 8017 0000 003b 00")
            + hex("1c03e809f47934b1832b9ff4646e930f")
        #expect(Array(signed.readableBytesView) == expected)
    }

    @Test func knownSHA1Digest() {
        let signed = L2TPAuthentication(secret: Self.secret, algorithm: .sha1)
            .sign(Self.hello(), senderNonce: Self.sender, receiverNonce: Self.receiver)
        let expected = hex("c803 002f 00001234 0001 0002 8008 0000 0000 0006 801b 0000 003b 01")
            + hex("502c338e320103b39674fb24f4f7387b9d0ae6aa")
        #expect(Array(signed.readableBytesView) == expected)
    }

    @Test func sccrqHashesNoNonces() throws {
        var sccrq = L2TPControlMessage.make(.sccrq, connectionID: 0)
        sccrq.nonce = [0xAA, 0xBB]
        let auth = L2TPAuthentication(secret: Self.secret)
        let signed = auth.sign(sccrq, senderNonce: [9, 9], receiverNonce: [8, 8])
        let expected = hex("c803 0033 00000000 0000 0000 8008 0000 0000 0001 8017 0000 003b 00")
            + hex("90351d3517e88a16645772218dfce51f") + hex("8008 0000 0049 aabb")
        #expect(Array(signed.readableBytesView) == expected)
        #expect(signed == auth.sign(sccrq, senderNonce: nil, receiverNonce: nil))
        #expect(auth.verify(try L2TPControlMessage.parse(signed), senderNonce: nil, receiverNonce: nil))
    }

    @Test(arguments: [L2TPAuthentication.Algorithm.md5, .sha1])
    func signVerifyRoundTrip(algorithm: L2TPAuthentication.Algorithm) throws {
        let auth = L2TPAuthentication(secret: Self.secret, algorithm: algorithm)
        var icrq = L2TPControlMessage.make(.icrq, connectionID: 7)
        icrq.localSessionID = 1
        icrq.remoteEndID = Array("tunnel1".utf8)
        let signed = auth.sign(icrq, senderNonce: Self.sender, receiverNonce: Self.receiver)
        let received = try L2TPControlMessage.parse(signed)
        #expect(received.avps.map(\.type) == [0, 59, 63, 66], "digest right after Message Type")
        #expect(received.messageDigest?.type == algorithm.rawValue)
        #expect(received.messageDigest?.digest.count == algorithm.digestLength)
        #expect(auth.verify(received, senderNonce: Self.sender, receiverNonce: Self.receiver))
        #expect(auth.verify(udpPayload: signed, senderNonce: Self.sender, receiverNonce: Self.receiver))
        // Re-signing a message that already has a digest replaces it.
        #expect(auth.sign(received, senderNonce: Self.sender, receiverNonce: Self.receiver) == signed)
        // The nonces in the wrong order are the other direction's digest.
        #expect(!auth.verify(received, senderNonce: Self.receiver, receiverNonce: Self.sender))
        #expect(!auth.verify(received, senderNonce: nil, receiverNonce: nil))
    }

    @Test func everyTamperedByteFails() throws {
        let auth = L2TPAuthentication(secret: Self.secret)
        var cdn = L2TPControlMessage.make(.cdn, connectionID: 3)
        cdn.resultCode = L2TPResultCode(result: 3)
        cdn.localSessionID = 0x0101
        let signed = auth.sign(cdn, senderNonce: Self.sender, receiverNonce: Self.receiver)
        var rejected = 0
        for offset in 0..<signed.readableBytes {
            var tampered = signed
            tampered.setInteger((signed.getInteger(at: offset, as: UInt8.self) ?? 0) ^ 0x01, at: offset)
            if !auth.verify(udpPayload: tampered, senderNonce: Self.sender, receiverNonce: Self.receiver) { rejected += 1 }
        }
        #expect(rejected == signed.readableBytes)
    }

    @Test func wrongSecretOrAlgorithmFails() throws {
        let signed = L2TPAuthentication(secret: Self.secret).sign(Self.hello(), senderNonce: Self.sender, receiverNonce: Self.receiver)
        let message = try L2TPControlMessage.parse(signed)
        #expect(!L2TPAuthentication(secret: Array("test1235".utf8)).verify(message, senderNonce: Self.sender, receiverNonce: Self.receiver))
        #expect(!L2TPAuthentication(secret: Self.secret, algorithm: .sha1).verify(message, senderNonce: Self.sender, receiverNonce: Self.receiver))
    }

    @Test func unsignedMessagesAndZLBsDoNotVerify() {
        let auth = L2TPAuthentication(secret: Self.secret)
        #expect(!auth.verify(Self.hello(), senderNonce: Self.sender, receiverNonce: Self.receiver))
        let zlb = L2TPControlMessage.zlb(connectionID: 1, ns: 2, nr: 3)
        #expect(auth.sign(zlb, senderNonce: Self.sender, receiverNonce: Self.receiver) == zlb.buffer)
        #expect(!auth.verify(zlb, senderNonce: Self.sender, receiverNonce: Self.receiver))
        #expect(!auth.verify(udpPayload: ByteBuffer(bytes: [0xC8]), senderNonce: nil, receiverNonce: nil))
    }

    @Test func integrityOnlyDigestUsesEmptySecret() throws {
        let integrity = L2TPAuthentication(secret: [])
        let signed = integrity.sign(Self.hello(), senderNonce: nil, receiverNonce: nil)
        #expect(integrity.verify(udpPayload: signed, senderNonce: nil, receiverNonce: nil))
        #expect(!L2TPAuthentication(secret: Self.secret).verify(udpPayload: signed, senderNonce: nil, receiverNonce: nil))
    }
}
