import CLibCrypto

/// The MODP groups RTX offers with `ipsec ike group` (RFC 2409 groups 1 and 2, RFC 3526 groups 5 and 14),
/// by their IKEv1 group number. Generator 2 for all of them.
public enum DiffieHellmanGroup: UInt16, Sendable, CaseIterable {
    case modp768 = 1
    case modp1024 = 2
    case modp1536 = 5
    case modp2048 = 14

    /// Bytes of a public value or shared secret: both are sent or hashed padded to the prime's length.
    public var byteCount: Int {
        switch self {
        case .modp768: 96
        case .modp1024: 128
        case .modp1536: 192
        case .modp2048: 256
        }
    }

    /// The prime, big-endian, from libcrypto's copies of the RFC constants.
    var prime: [UInt8] {
        let bn: OpaquePointer? =
            switch self {
            case .modp768: BN_get_rfc2409_prime_768(nil)
            case .modp1024: BN_get_rfc2409_prime_1024(nil)
            case .modp1536: BN_get_rfc3526_prime_1536(nil)
            case .modp2048: BN_get_rfc3526_prime_2048(nil)
            }
        defer { BN_free(bn) }
        var bytes = [UInt8](repeating: 0, count: byteCount)
        _ = BN_bn2binpad(bn, &bytes, Int32(byteCount))
        return bytes
    }
}
