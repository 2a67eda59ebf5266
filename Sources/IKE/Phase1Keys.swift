import Wire
import IPsec

/// The keys of an ISAKMP SA authenticated by pre-shared key (RFC 2409 section 5 and appendix B).
struct Phase1Keys: Sendable {
    let skeyid: [UInt8]
    let skeyidD: [UInt8]
    let skeyidA: [UInt8]
    let skeyidE: [UInt8]
    /// SKEYID_e stretched or cut to the cipher's key length.
    let encryptionKey: [UInt8]
    /// hash(g^xi | g^xr), cut to the block size: the IV of the first encrypted message.
    let initialIV: [UInt8]

    init(
        proposal: Phase1Proposal, preSharedKey: [UInt8], initiatorNonce: [UInt8], responderNonce: [UInt8],
        sharedSecret: [UInt8], initiatorPublic: [UInt8], responderPublic: [UInt8], initiatorCookie: UInt64, responderCookie: UInt64
    ) {
        let prf = proposal.hash
        let cookies = initiatorCookie.bigEndianBytes + responderCookie.bigEndianBytes
        skeyid = prf.prf(key: preSharedKey, initiatorNonce, responderNonce)
        skeyidD = prf.prf(key: skeyid, sharedSecret, cookies, [0])
        skeyidA = prf.prf(key: skeyid, skeyidD, sharedSecret, cookies, [1])
        skeyidE = prf.prf(key: skeyid, skeyidA, sharedSecret, cookies, [2])
        let keyLength = proposal.encryption.keyLength
        if skeyidE.count >= keyLength {
            encryptionKey = Array(skeyidE.prefix(keyLength))
        } else {
            // Appendix B: Ka = K1 | K2 | ..., K1 = prf(SKEYID_e, 0), Kn = prf(SKEYID_e, Kn-1).
            var stretched: [UInt8] = []
            var block = prf.prf(key: skeyidE, [0])
            while stretched.count < keyLength {
                stretched += block
                block = prf.prf(key: skeyidE, block)
            }
            encryptionKey = Array(stretched.prefix(keyLength))
        }
        initialIV = Array(prf.hash(initiatorPublic + responderPublic).prefix(proposal.encryption.blockSize))
    }

    /// Quick Mode KEYMAT for one SPI (RFC 2409 5.5, without PFS): enough bytes for the cipher key then the MAC key.
    func keyMaterial(hash: IKEHashAlgorithm, spi: UInt32, initiatorNonce: [UInt8], responderNonce: [UInt8], length: Int) -> [UInt8] {
        let seed = [ISAKMPProtocolID.esp] + spi.bigEndianBytes + initiatorNonce + responderNonce
        var material = hash.prf(key: skeyidD, seed)
        var last = material
        while material.count < length {
            last = hash.prf(key: skeyidD, last, seed)
            material += last
        }
        return Array(material.prefix(length))
    }
}

extension UInt64 {
    var bigEndianBytes: [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: self >> (56 - 8 * UInt64($0))) } }

    init(bigEndianBytes bytes: some Collection<UInt8>) {
        self = bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
