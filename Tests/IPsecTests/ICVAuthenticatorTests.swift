import Crypto
import Testing
import Wire
@testable import IPsec

struct ICVAuthenticatorTests {
    /// RFC 2202 (SHA-1, MD5) and RFC 4231 (SHA-256) test case 1, truncated to the ESP ICV length.
    @Test(arguments: [
        (IntegrityAlgorithm.hmacSHA1_96, 20, "b617318655057264e28bc0b6"),
        (.hmacMD5_96, 16, "9294727a3638bb1c13f48ef8"),
        (.hmacSHA256_128, 20, "b0344c61d8db38535ca8afceaf0bf12b"),
    ])
    func knownVectors(algorithm: IntegrityAlgorithm, keyLength: Int, icv: String) {
        let authenticator = ICVAuthenticator(algorithm, key: Array(repeating: 0x0B, count: keyLength))
        #expect(authenticator.icv(Array("Hi There".utf8)).hexText() == icv)
    }

    /// RFC 2202 test case 6: a key longer than the hash block is hashed first.
    @Test func longKey() {
        let authenticator = ICVAuthenticator(.hmacSHA1_96, key: Array(repeating: 0xAA, count: 80))
        let message = Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)
        #expect(authenticator.icv(message).hexText() == "aa4ae5e15272d00e95705637")
    }

    /// Every algorithm agrees with swift-crypto's HMAC on random keys and lengths.
    @Test func agreesWithSwiftCrypto() {
        var random = SeededGenerator(seed: 7)
        for length in [0, 1, 55, 56, 63, 64, 65, 1400] {
            let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            for algorithm in IntegrityAlgorithm.allCases {
                let key = (0..<algorithm.keyLength).map { _ in UInt8.random(in: 0...255, using: &random) }
                let symmetric = SymmetricKey(data: key)
                let full: [UInt8] = switch algorithm {
                case .hmacSHA1_96: Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: symmetric))
                case .hmacMD5_96: Array(HMAC<Insecure.MD5>.authenticationCode(for: message, using: symmetric))
                case .hmacSHA256_128: Array(HMAC<SHA256>.authenticationCode(for: message, using: symmetric))
                }
                let authenticator = ICVAuthenticator(algorithm, key: key)
                #expect(authenticator.icv(message) == Array(full.prefix(algorithm.icvLength)), "\(algorithm) \(length)")
            }
        }
    }

    @Test func verifyRejectsAnyFlippedBit() {
        let authenticator = ICVAuthenticator(.hmacSHA1_96, key: Array(repeating: 1, count: 20))
        let message = Array("payload".utf8)
        let icv = authenticator.icv(message)
        message.withUnsafeBytes { message in
            icv.withUnsafeBytes { #expect(authenticator.verify(message, icv: $0)) }
            for bit in 0..<(icv.count * 8) {
                var bad = icv
                bad[bit / 8] ^= 1 << UInt8(bit % 8)
                bad.withUnsafeBytes { #expect(!authenticator.verify(message, icv: $0)) }
            }
            icv.dropLast().withUnsafeBytes { #expect(!authenticator.verify(message, icv: UnsafeRawBufferPointer($0))) }
        }
    }
}
