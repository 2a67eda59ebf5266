import NIOCore
import Testing
@testable import Wire

struct InternetChecksumTests {
    @Test func rfc1071Example() {
        // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2, so the checksum is 220d.
        #expect(InternetChecksum.checksum(hexBuffer("0001 f203 f4f5 f6f7")) == 0x220D)
        // Byte order independence: the sum of swapped words is the swapped sum.
        #expect(InternetChecksum.checksum(hexBuffer("0100 03f2 f5f4 f7f6")) == 0x0D22)
    }

    @Test func oddLengthPadsWithZero() {
        #expect(InternetChecksum.checksum(hexBuffer("0001 f203 f4f5 f6")) == InternetChecksum.checksum(hexBuffer("0001 f203 f4f5 f600")))
    }

    @Test func wikipediaIPv4Header() {
        // The classic example header; its checksum field b861 makes the sum over the header 0.
        let header = hexBuffer("4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7")
        #expect(InternetChecksum.checksum(header) == 0)
        #expect(InternetChecksum.checksum(hexBuffer("4500 0073 0000 4000 4011 0000 c0a8 0001 c0a8 00c7")) == 0xB861)
    }

    @Test func readsFromReaderIndex() {
        var buffer = hexBuffer("ffff ffff 0001 f203 f4f5 f6f7")
        buffer.moveReaderIndex(forwardBy: 4)
        #expect(InternetChecksum.checksum(buffer) == 0x220D)
    }

    @Test func rfc1624Example() {
        // RFC 1624 section 4: HC 0xDD2F, m 0x5555 -> m' 0x3285 gives 0x0000 (eqn. 2 would wrongly give 0xFFFF).
        #expect(InternetChecksum.update(0xDD2F, old: UInt16(0x5555), new: UInt16(0x3285)) == 0x0000)
    }

    @Test func pseudoHeaderSum() {
        // 192.168.0.1 -> 192.168.0.199, UDP, 13 bytes: c0a8+0001+c0a8+00c7+0011+000d = 0x18236 -> folded 0x8237.
        let sum = InternetChecksum.pseudoHeaderSum(source: IPv4Address(192, 168, 0, 1), destination: IPv4Address(192, 168, 0, 199),
                                                   protocol: IPProtocol.udp, length: 13)
        #expect(InternetChecksum.fold(UInt64(sum)) == 0x8237)
    }

    /// The incremental update agrees with a full recomputation, for 16- and 32-bit fields at random places.
    @Test(arguments: [UInt64(1), 2, 3, 0xC0FFEE])
    func incrementalMatchesFull(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<2000 {
            // A random 20-byte header with a correct checksum at 10.
            var words = (0..<10).map { _ in UInt16.random(in: 0...0xFFFF, using: &random) }
            words[5] = 0
            words[5] = full(words)
            // Change one 16-bit field...
            let at = [0, 1, 2, 3, 4, 6, 7, 8, 9].randomElement(using: &random) ?? 0
            let new = UInt16.random(in: 0...0xFFFF, using: &random)
            let updated16 = InternetChecksum.update(words[5], old: words[at], new: new)
            var changed = words
            changed[at] = new
            changed[5] = 0
            if changed.contains(where: { $0 != 0 }) {  // all-zero data is the only case eqn. 3 gives -0
                #expect(updated16 == full(changed), "seed \(seed)")
            }
            // ...and one 32-bit field (an address: words 6-7 or 8-9).
            let pair = Bool.random(using: &random) ? 6 : 8
            let old32 = UInt32(words[pair]) << 16 | UInt32(words[pair + 1])
            let new32 = UInt32.random(in: 0...UInt32.max, using: &random)
            let updated32 = InternetChecksum.update(words[5], old: old32, new: new32)
            changed = words
            changed[pair] = UInt16(new32 >> 16)
            changed[pair + 1] = UInt16(truncatingIfNeeded: new32)
            changed[5] = 0
            if changed.contains(where: { $0 != 0 }) {
                #expect(updated32 == full(changed), "seed \(seed)")
            }
        }
    }

    private func full(_ words: [UInt16]) -> UInt16 {
        var buffer = ByteBuffer()
        for word in words { buffer.writeInteger(word) }
        return InternetChecksum.checksum(buffer)
    }
}
