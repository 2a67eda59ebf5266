/// HMAC (RFC 2104) over a libcrypto hash, with the key's inner and outer pad blocks hashed once at
/// keying (RFC 2104 section 4): a message then costs two state copies and no allocation.
/// The hash is libcrypto's; only the two-line construction is here, checked against RFC 2202 /
/// RFC 4231 vectors and swift-crypto's HMAC in the tests.
struct KeyedHMAC<Hash: HashState>: Sendable {
    private let inner: Hash
    private let outer: Hash

    init(key: [UInt8]) {
        var block = [UInt8](repeating: 0, count: Hash.blockLength)
        if key.count > Hash.blockLength {
            var hash = Hash.started()
            key.withUnsafeBytes { hash.update($0) }
            block.withUnsafeMutableBytes { if let base = $0.baseAddress { hash.finish(into: base) } }
        } else {
            block.replaceSubrange(0..<key.count, with: key)
        }
        func keyed(_ pad: UInt8) -> Hash {
            var hash = Hash.started()
            block.map { $0 ^ pad }.withUnsafeBytes { hash.update($0) }
            return hash
        }
        inner = keyed(0x36)
        outer = keyed(0x5C)
    }

    /// Writes the first `icv.count` bytes (at most the digest length) of HMAC(key, message).
    func authenticate(_ message: UnsafeRawBufferPointer, into icv: UnsafeMutableRawBufferPointer) {
        var digest: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digest) { digest in
            guard let base = digest.baseAddress else { return }
            var hash = inner
            hash.update(message)
            hash.finish(into: base)
            hash = outer
            hash.update(UnsafeRawBufferPointer(rebasing: digest[0..<Hash.digestLength]))
            hash.finish(into: base)
            icv.copyMemory(from: UnsafeRawBufferPointer(rebasing: digest[0..<min(icv.count, Hash.digestLength)]))
        }
    }
}
