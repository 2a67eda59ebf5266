import NIOCore
import Testing
import Wire

@Suite struct CompactedTests {
    /// A small slice of a receive-sized buffer leaves it behind; a buffer of about its own size stays as it is.
    @Test func aSliceOfALargeBufferIsCopiedOut() throws {
        var large = ByteBufferAllocator().buffer(capacity: 65_600)
        large.writeBytes(Array(repeating: 0xAB, count: 65_000))
        let slice = try #require(large.getSlice(at: 100, length: 28))
        #expect(slice.storageCapacity >= 65_600)
        let compact = slice.compacted()
        #expect(compact == slice)
        #expect(compact.storageCapacity < 128)
        let small = ByteBuffer(bytes: [1, 2, 3])
        #expect(small.compacted().storageCapacity == small.storageCapacity)
    }
}
