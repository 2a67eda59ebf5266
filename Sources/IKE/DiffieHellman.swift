import CLibCrypto

/// One side of a MODP Diffie-Hellman exchange: a private exponent and g^x mod p.
struct DiffieHellman: Sendable {
    let group: DiffieHellmanGroup
    private let exponent: [UInt8]
    let publicValue: [UInt8]

    /// The exponent is drawn from `random`, which the caller owns (the engine draws nothing itself).
    init(group: DiffieHellmanGroup, random: inout some RandomNumberGenerator) {
        self.group = group
        // 256 bits of exponent, as strongSwan and RTX-class devices use for these groups.
        var exponent = [UInt8](repeating: 0, count: 32)
        for index in exponent.indices { exponent[index] = UInt8.random(in: 0...255, using: &random) }
        exponent[0] |= 0x80
        self.exponent = exponent
        publicValue = Self.modExp(base: [2], exponent: exponent, group: group)
    }

    /// g^xy padded to the prime's length, or nil for a peer value outside 2...p-2 (a small-subgroup attack or garbage).
    func sharedSecret(peerPublic: [UInt8]) -> [UInt8]? {
        guard peerPublic.count <= group.byteCount else { return nil }
        let padded = [UInt8](repeating: 0, count: group.byteCount - peerPublic.count) + peerPublic
        let prime = group.prime
        let one = [UInt8](repeating: 0, count: group.byteCount - 1) + [1]
        var pMinusOne = prime
        pMinusOne[pMinusOne.count - 1] -= 1  // p is odd: no borrow
        guard padded.lexicographicallyPrecedes(pMinusOne), one.lexicographicallyPrecedes(padded) else { return nil }
        return Self.modExp(base: peerPublic, exponent: exponent, group: group)
    }

    private static func modExp(base: [UInt8], exponent: [UInt8], group: DiffieHellmanGroup) -> [UInt8] {
        let context = BN_CTX_new()
        defer { BN_CTX_free(context) }
        let prime = group.prime
        let p = BN_bin2bn(prime, Int32(prime.count), nil)
        let b = BN_bin2bn(base, Int32(base.count), nil)
        let e = BN_bin2bn(exponent, Int32(exponent.count), nil)
        let r = BN_new()
        defer { [p, b, e, r].forEach { BN_free($0) } }
        _ = BN_mod_exp_mont_consttime(r, b, e, p, context, nil)
        var out = [UInt8](repeating: 0, count: group.byteCount)
        _ = BN_bn2binpad(r, &out, Int32(group.byteCount))
        return out
    }
}
