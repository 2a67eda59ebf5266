import ArgumentParser
import Foundation
import IPsec
import NIOCore
import Wire
import _CryptoExtras

/// Two SAs with fixed keys and an L2TPv3-like IPv4/UDP 1701 packet of the size measured.
struct ESPBenchFixture {
    let size: Int
    let plain: ByteBuffer
    let encryptionKey = [UInt8](repeating: 0x11, count: 16)
    let integrityKey = [UInt8](repeating: 0x22, count: 20)

    init(size: Int) {
        self.size = size
        let source = IPv4Address(192, 0, 2, 1), destination = IPv4Address(198, 51, 100, 2)
        var payload = ByteBuffer()
        payload.writeRepeatingByte(0xA5, count: max(size - 28, 0))
        plain = IPv4Header.packet(source: source, destination: destination, protocol: IPProtocol.udp, ttl: 64, identification: 1,
                                  payload: UDPHeader.datagram(sourcePort: 1701, destinationPort: 1701, payload: payload,
                                                              source: source, destination: destination))
    }

    func securityAssociation(_ direction: ESPSecurityAssociation.Direction) -> ESPSecurityAssociation {
        var random = SeededGenerator(seed: 1)
        return ESPSecurityAssociation(spi: 0x1000, direction: direction, cipher: .aes128CBC, encryptionKey: encryptionKey,
                                      integrity: .hmacSHA1_96, integrityKey: integrityKey, random: &random)
    }

    /// Packets sealed per second; each yields one new buffer, the only allocation.
    func measureSeal(_ count: Int) throws -> Double {
        let sa = securityAssociation(.outbound)
        var bytes = 0
        let start = ContinuousClock.now
        for _ in 0..<count { bytes &+= try sa.seal(plain).readableBytes }
        return Double(count) / seconds(ContinuousClock.now - start)
    }

    /// Packets opened per second. Each open decrypts in place, so every packet is a fresh copy of one
    /// of `batch` sealed packets (as a socket read gives a fresh buffer); a new SA per batch lets
    /// their sequence numbers pass the replay window again.
    func measureOpen(_ count: Int) throws -> Double {
        let batch = 1024
        let outbound = securityAssociation(.outbound)
        let sealed = try (0..<batch).map { _ in try outbound.seal(plain) }
        var inbound = securityAssociation(.inbound)
        var payloadBytes = 0
        let start = ContinuousClock.now
        for index in 0..<count {
            if index % batch == 0 && index > 0 { inbound = securityAssociation(.inbound) }
            var packet = ByteBufferAllocator().buffer(capacity: sealed[index % batch].readableBytes)
            packet.writeImmutableBuffer(sealed[index % batch])
            payloadBytes &+= try inbound.open(consume packet, udpEncapsulated: false).payload.readableBytes
        }
        guard payloadBytes == count * (size - 20) else { throw ValidationError("open returned the wrong payloads") }
        return Double(count) / seconds(ContinuousClock.now - start)
    }

    /// The measurement behind CBCCipher's choice of library: AES-128-CBC alone, 1376 bytes per call
    /// (a 1400-byte packet's ESP plaintext), a keyed EVP context against swift-crypto's `AES._CBC`.
    func compareAESLibraries(_ count: Int) throws {
        let block = [UInt8](repeating: 0x5A, count: 1376)
        let iv = [UInt8](repeating: 0x01, count: 16)
        let evp = CBCCipher(.aes128CBC, key: encryptionKey)
        let key = SymmetricKey(data: encryptionKey)
        let aesIV = try AES._CBC.IV(ivBytes: iv)
        var work = block
        func rate(_ body: () throws -> Void) rethrows -> Double {
            let start = ContinuousClock.now
            for _ in 0..<count { try body() }
            return Double(count * block.count) / seconds(ContinuousClock.now - start) / 1e6
        }
        let evpEncrypt = iv.withUnsafeBytes { iv in rate { work.withUnsafeMutableBytes { evp.encrypt(inPlace: $0, iv: iv) } } }
        let evpDecrypt = iv.withUnsafeBytes { iv in rate { work.withUnsafeMutableBytes { evp.decrypt(inPlace: $0, iv: iv) } } }
        var sink = 0
        let swiftEncrypt = try rate { sink &+= try AES._CBC.encrypt(block, using: key, iv: aesIV, noPadding: true).count }
        let swiftDecrypt = try rate { sink &+= try AES._CBC.decrypt(block, using: key, iv: aesIV, noPadding: true).count }
        print(String(format: "AES-128-CBC alone, 1376 bytes per call: libcrypto EVP keyed context %.0f MB/s encrypt, %.0f MB/s decrypt; "
                     + "swift-crypto AES._CBC (re-keys per call) %.0f MB/s encrypt, %.0f MB/s decrypt",
                     evpEncrypt, evpDecrypt, swiftEncrypt, swiftDecrypt))
    }
}
