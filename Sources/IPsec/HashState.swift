import CLibCrypto

/// A libcrypto hash state: a plain C struct, so a keyed copy costs a memcpy and no allocation.
protocol HashState: Sendable {
    static var blockLength: Int { get }
    static var digestLength: Int { get }
    /// A state that has hashed nothing yet.
    static func started() -> Self
    mutating func update(_ bytes: UnsafeRawBufferPointer)
    /// Writes `digestLength` bytes.
    mutating func finish(into digest: UnsafeMutableRawPointer)
}

extension SHA_CTX: HashState {
    static var blockLength: Int { 64 }
    static var digestLength: Int { 20 }
    static func started() -> SHA_CTX { var state = SHA_CTX(); SHA1_Init(&state); return state }
    mutating func update(_ bytes: UnsafeRawBufferPointer) { SHA1_Update(&self, bytes.baseAddress, bytes.count) }
    mutating func finish(into digest: UnsafeMutableRawPointer) { SHA1_Final(digest.assumingMemoryBound(to: UInt8.self), &self) }
}

extension MD5_CTX: HashState {
    static var blockLength: Int { 64 }
    static var digestLength: Int { 16 }
    static func started() -> MD5_CTX { var state = MD5_CTX(); MD5_Init(&state); return state }
    mutating func update(_ bytes: UnsafeRawBufferPointer) { MD5_Update(&self, bytes.baseAddress, bytes.count) }
    mutating func finish(into digest: UnsafeMutableRawPointer) { MD5_Final(digest.assumingMemoryBound(to: UInt8.self), &self) }
}

extension SHA256_CTX: HashState {
    static var blockLength: Int { 64 }
    static var digestLength: Int { 32 }
    static func started() -> SHA256_CTX { var state = SHA256_CTX(); SHA256_Init(&state); return state }
    mutating func update(_ bytes: UnsafeRawBufferPointer) { SHA256_Update(&self, bytes.baseAddress, bytes.count) }
    mutating func finish(into digest: UnsafeMutableRawPointer) { SHA256_Final(digest.assumingMemoryBound(to: UInt8.self), &self) }
}
