import Testing
@testable import IPsec

struct CBCCipherTests {
    /// RFC 3602 4, case #2 (AES-128-CBC, 32 bytes).
    @Test func aes128KnownVector() {
        let cipher = CBCCipher(.aes128CBC, key: hex("c286696d887c9aa0611bbb3e2025a45a"))
        let iv = hex("562e17996d093d28ddb3ba695a2e6f58")
        let plaintext = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
        let ciphertext = hex("d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266bea6d61ab1")
        #expect(cipher.encrypt(plaintext, iv: iv) == ciphertext)
        #expect(cipher.decrypt(ciphertext, iv: iv) == plaintext)
    }

    /// NIST SP 800-38A F.2.5 (CBC-AES256.Encrypt), first block.
    @Test func aes256KnownVector() {
        let cipher = CBCCipher(.aes256CBC, key: hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"))
        let iv = hex("000102030405060708090a0b0c0d0e0f")
        #expect(cipher.encrypt(hex("6bc1bee22e409f96e93d7e117393172a"), iv: iv) == hex("f58c4c04d6e5f1ba779eabfb5f7bfbd6"))
        #expect(cipher.decrypt(hex("f58c4c04d6e5f1ba779eabfb5f7bfbd6"), iv: iv) == hex("6bc1bee22e409f96e93d7e117393172a"))
    }

    /// "The quick brown fox jump" under the SP 800-67 three-key example, CBC (as `openssl enc -des-ede3-cbc` gives it).
    @Test func tripleDESKnownVector() {
        let cipher = CBCCipher(.tripleDESCBC, key: hex("0123456789abcdef 23456789abcdef01 456789abcdef0123"))
        let iv = hex("1234567890abcdef")
        let ciphertext = hex("5ba523a59a5109710da06400f058192a743dc4df1c592655")
        #expect(cipher.encrypt(Array("The quick brown fox jump".utf8), iv: iv) == ciphertext)
        #expect(cipher.decrypt(ciphertext, iv: iv) == Array("The quick brown fox jump".utf8))
    }

    /// The IV of one call does not leak into the next (the context is re-IVed, not chained).
    @Test func eachCallStartsFromItsOwnIV() {
        let cipher = CBCCipher(.aes128CBC, key: hex("c286696d887c9aa0611bbb3e2025a45a"))
        let iv = hex("562e17996d093d28ddb3ba695a2e6f58")
        let first = cipher.encrypt(Array(repeating: 7, count: 48), iv: iv)
        #expect(cipher.encrypt(Array(repeating: 7, count: 48), iv: iv) == first)
    }

    /// A trailing partial block (a malformed IKE message) is left out, never a crash.
    @Test func partialBlockIsLeftOut() {
        let cipher = CBCCipher(.tripleDESCBC, key: Array(repeating: 1, count: 24))
        #expect(cipher.decrypt(Array(repeating: 0, count: 13), iv: Array(repeating: 0, count: 8)).count == 8)
    }
}
