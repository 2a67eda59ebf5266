import Crypto
import NIOCore
import Wire

/// Control Message Authentication (RFC 3931 sections 4.3 and 5.4.1, Message Digest AVP), computed exactly as
/// Wireshark's L2TP dissector checks it (`l2tp.shared_secret`):
///
///     shared_key = HMAC-MD5(key: secret, data: 0x02)                      (MD5 even for SHA-1 digests)
///     digest     = HMAC-Hash(key: shared_key, senderNonce + receiverNonce + message)
///
/// `message` is the whole control message from the flags field to the end of its Length (the UDP payload), with
/// the Message Digest AVP present, its Digest Type set and its digest bytes zero.
///
/// Which nonces (each side's nonce travels in its Control Message Authentication Nonce AVP):
/// - SCCRQ: none. Only the initiator's nonce exists and it is inside the message, so the RFC hashes the message
///   alone; `sign`/`verify` ignore the nonce arguments for an SCCRQ.
/// - SCCRP and every later message: `senderNonce` is the nonce the message's SENDER advertised (the RFC's
///   local_nonce from the sender's view), `receiverNonce` the one its receiver advertised. So an SCCRP carries the
///   responder's nonce as sender nonce and the SCCRQ's as receiver nonce; on receipt pass the peer's nonce as
///   `senderNonce` and your own as `receiverNonce` (the RFC's "reversed").
/// - Either nonce nil: no nonces are hashed. With `secret: []` that is the RFC 4.3 integrity-only digest, which
///   is also what Wireshark checks on a connection that exchanged no nonces.
///
/// A ZLB has no Message Type, so it cannot carry a digest: `sign` returns it unchanged and `verify` returns false
/// (the engine decides whether to accept bare ZLB acknowledgements). Only the first Message Digest AVP is used.
public struct L2TPAuthentication: Sendable {
    /// Digest Type octet values (RFC 3931 5.4.1).
    public enum Algorithm: UInt8, Sendable {
        case md5 = 0
        case sha1 = 1

        public var digestLength: Int {
            switch self {
            case .md5: Insecure.MD5.byteCount
            case .sha1: Insecure.SHA1.byteCount
            }
        }
    }

    public let algorithm: Algorithm
    let sharedKey: [UInt8]

    /// Derives Shared-Key = HMAC-MD5(secret, 0x02) once.
    public init(secret: [UInt8], algorithm: Algorithm = .md5) {
        self.algorithm = algorithm
        sharedKey = Array(HMAC<Insecure.MD5>.authenticationCode(for: [UInt8(2)], using: SymmetricKey(data: secret)))
    }

    /// The message serialized with its Message Digest AVP filled in (added right after Message Type if absent,
    /// replaced if present).
    public func sign(_ message: L2TPControlMessage, senderNonce: [UInt8]?, receiverNonce: [UInt8]?) -> ByteBuffer {
        guard !message.isZLB else { return message.buffer }
        var zeroed = message
        zeroed.messageDigest = L2TPMessageDigest(type: algorithm.rawValue,
                                                 digest: Array(repeating: 0, count: algorithm.digestLength))
        var buffer = zeroed.buffer
        guard let offset = Self.digestOffset(in: zeroed) else { return buffer }
        let digest = compute(buffer, type: zeroed.messageType, senderNonce: senderNonce, receiverNonce: receiverNonce)
        buffer.setBytes(digest, at: buffer.readerIndex + offset)
        return buffer
    }

    /// Checks a received message's digest in constant time. The message is re-serialized, which reproduces the
    /// received bytes for any sender that keeps reserved bits zero as RFC 3931 requires.
    public func verify(_ message: L2TPControlMessage, senderNonce: [UInt8]?, receiverNonce: [UInt8]?) -> Bool {
        verify(message: message, bytes: message.buffer, senderNonce: senderNonce, receiverNonce: receiverNonce)
    }

    /// Checks the digest over the received bytes themselves (a UDP payload that `L2TPControlMessage.parse` accepts).
    public func verify(udpPayload: ByteBuffer, senderNonce: [UInt8]?, receiverNonce: [UInt8]?) -> Bool {
        guard let message = try? L2TPControlMessage.parse(udpPayload) else { return false }
        let length = message.wireLength
        guard let bytes = udpPayload.getSlice(at: udpPayload.readerIndex, length: length) else { return false }
        return verify(message: message, bytes: bytes, senderNonce: senderNonce, receiverNonce: receiverNonce)
    }

    func verify(message: L2TPControlMessage, bytes: ByteBuffer, senderNonce: [UInt8]?, receiverNonce: [UInt8]?) -> Bool {
        guard let received = message.messageDigest, received.type == algorithm.rawValue,
              received.digest.count == algorithm.digestLength,
              let offset = Self.digestOffset(in: message) else { return false }
        var zeroed = bytes
        zeroed.setBytes(Array(repeating: UInt8(0), count: algorithm.digestLength), at: zeroed.readerIndex + offset)
        let expected = compute(zeroed, type: message.messageType, senderNonce: senderNonce, receiverNonce: receiverNonce)
        // Constant time: look at every byte whatever the first difference.
        var difference: UInt8 = 0
        for (a, b) in zip(expected, received.digest) { difference |= a ^ b }
        return difference == 0
    }

    /// Offset of the digest bytes (after the Digest Type octet) of the first Message Digest AVP.
    static func digestOffset(in message: L2TPControlMessage) -> Int? {
        var offset = L2TPControlMessage.headerLength
        for avp in message.avps {
            if avp.vendorID == 0, avp.type == L2TPAttribute.messageDigest {
                return offset + L2TPAVP.headerLength + 1
            }
            offset += avp.wireLength
        }
        return nil
    }

    func compute(_ bytes: ByteBuffer, type: L2TPMessageType?, senderNonce: [UInt8]?, receiverNonce: [UInt8]?) -> [UInt8] {
        let nonces: [UInt8]
        if type != .sccrq, let senderNonce, let receiverNonce {
            nonces = senderNonce + receiverNonce
        } else {
            nonces = []
        }
        switch algorithm {
        case .md5: return Self.hmac(Insecure.MD5.self, key: sharedKey, nonces, bytes)
        case .sha1: return Self.hmac(Insecure.SHA1.self, key: sharedKey, nonces, bytes)
        }
    }

    static func hmac<H: HashFunction>(_: H.Type, key: [UInt8], _ nonces: [UInt8], _ bytes: ByteBuffer) -> [UInt8] {
        var hmac = HMAC<H>(key: SymmetricKey(data: key))
        hmac.update(data: nonces)
        bytes.withUnsafeReadableBytes { hmac.update(data: $0) }
        return Array(hmac.finalize())
    }
}
