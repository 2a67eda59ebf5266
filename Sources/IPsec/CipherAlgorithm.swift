import CLibCrypto

/// ESP and IKE encryption algorithms an RTX offers (`ipsec sa policy ... esp aes-cbc`), all CBC.
public enum CipherAlgorithm: String, Sendable, CaseIterable {
    case aes128CBC = "aes-cbc"
    case aes256CBC = "aes256-cbc"
    case tripleDESCBC = "3des-cbc"

    public var keyLength: Int {
        switch self {
        case .aes128CBC: 16
        case .aes256CBC: 32
        case .tripleDESCBC: 24
        }
    }

    public var blockSize: Int {
        switch self {
        case .aes128CBC, .aes256CBC: 16
        case .tripleDESCBC: 8
        }
    }

    /// ESP carries one block of explicit IV (RFC 3602 3, RFC 2451 2.3).
    public var ivLength: Int { blockSize }

    var evpCipher: OpaquePointer? {
        switch self {
        case .aes128CBC: EVP_aes_128_cbc()
        case .aes256CBC: EVP_aes_256_cbc()
        case .tripleDESCBC: EVP_des_ede3_cbc()
        }
    }
}
