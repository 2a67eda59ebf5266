/// Unpredictable CBC IVs without drawing randomness per packet: the IV is the encryption of the
/// packet's unique sequence number under a per-SA random key (NIST SP 800-38A Appendix C).
final class IVGenerator {
    private let cipher: CBCCipher
    private var block: (UInt64, UInt64) = (0, 0)
    private static let zeroIV = [UInt8](repeating: 0, count: 16)

    /// `key` is 16 random bytes, drawn by whoever creates the SA.
    init(key: [UInt8]) {
        cipher = CBCCipher(.aes128CBC, key: key)
    }

    /// Fills `iv` (at most 16 bytes) with AES-128(key, sequence), truncated for 3DES's 8-byte IV.
    func write(sequence: UInt32, into iv: UnsafeMutableRawBufferPointer) {
        block = (UInt64(sequence), 0)
        withUnsafeMutableBytes(of: &block) { block in
            // One block under a zero IV is plain AES encryption of the counter.
            Self.zeroIV.withUnsafeBytes { cipher.encrypt(inPlace: block, iv: $0) }
            iv.copyMemory(from: UnsafeRawBufferPointer(rebasing: block[0..<min(iv.count, 16)]))
        }
    }
}
