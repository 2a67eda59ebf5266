import NIOCore
import Testing
import Wire
@testable import Router

/// RFC 791 fragmentation at the Ethernet MTU and reassembly of what arrives for the router.
@Suite struct FragmentTests {
    func packet(payload: Int, dontFragment: Bool = false, id: UInt16 = 7) -> ByteBuffer {
        var body = ByteBufferAllocator().buffer(capacity: payload)
        for i in 0..<payload { body.writeInteger(UInt8(truncatingIfNeeded: i)) }
        return IPv4Header.packet(source: v4("192.168.1.1"), destination: v4("192.168.2.1"), protocol: IPProtocol.udp,
                                 ttl: 64, identification: id, dontFragment: dontFragment, payload: body)
    }

    func add(_ piece: ByteBuffer, to reassembly: inout IPv4Reassembly, at now: Duration) throws -> IPv4Reassembly.Result {
        let (header, payload) = try IPv4Header.parse(piece)
        reassembly.expire(now: now)
        return reassembly.add(payload, header: header, now: now).result
    }

    /// A fragment of datagram `id` at byte `offset` (a multiple of 8) with `length` bytes, as an attacker cuts them.
    func fragment(id: UInt16, offset: Int, length: Int, more: Bool = true, source: String = "192.0.2.66") -> ByteBuffer {
        var body = ByteBufferAllocator().buffer(capacity: length)
        for i in 0..<length { body.writeInteger(UInt8(truncatingIfNeeded: offset + i)) }
        let header = IPv4Header(totalLength: UInt16(20 + length), identification: id,
                                flagsAndFragmentOffset: UInt16(offset / 8) | (more ? IPv4Header.moreFragmentsFlag : 0),
                                ttl: 64, protocol: IPProtocol.udp, source: v4(source), destination: v4("192.168.1.1"))
        var packet = ByteBufferAllocator().buffer(capacity: 20 + length)
        header.write(to: &packet)
        packet.writeBuffer(&body)
        return packet
    }

    @Test func aPacketOverTheMTUIsSplitOnEightByteBoundaries() throws {
        let whole = packet(payload: 1530)
        let pieces = try #require(IPv4Fragmenter.fragments(of: whole))
        #expect(pieces.map(\.readableBytes) == [1500, 70])
        let headers = try pieces.map { try IPv4Header.parse($0).header }
        #expect(headers.map(\.flagsAndFragmentOffset) == [IPv4Header.moreFragmentsFlag, 1480 / 8])
        #expect(headers.allSatisfy { $0.identification == 7 })
        #expect(IPv4Fragmenter.fragments(of: packet(payload: 1480)) == [packet(payload: 1480)])
        #expect(IPv4Fragmenter.fragments(of: packet(payload: 1530, dontFragment: true)) == nil)
    }

    @Test func fragmentsInAnyOrderJoinIntoTheOriginal() throws {
        let whole = packet(payload: 3100)
        let pieces = try #require(IPv4Fragmenter.fragments(of: whole))
        #expect(pieces.count == 3)
        var reassembly = IPv4Reassembly()
        var result = IPv4Reassembly.Result.incomplete
        for piece in pieces.reversed() { result = try add(piece, to: &reassembly, at: .seconds(1)) }
        guard case let .whole(joined, header) = result else { Issue.record("not joined: \(result)"); return }
        #expect(joined == whole)
        #expect(!header.isFragment)
        #expect(reassembly.used == 0 && reassembly.datagrams == 0)
    }

    @Test func anIncompletePacketIsFreedAtTheTimeout() throws {
        let pieces = try #require(IPv4Fragmenter.fragments(of: packet(payload: 1600)))
        var reassembly = IPv4Reassembly()
        #expect(try add(pieces[0], to: &reassembly, at: .zero) == .incomplete)
        #expect(reassembly.used > 1480 && reassembly.nextDeadline == IPv4Reassembly.timeout)
        #expect(reassembly.expire(now: IPv4Reassembly.timeout - .milliseconds(1)) == 0)
        #expect(reassembly.expire(now: IPv4Reassembly.timeout) == 1)
        #expect(reassembly.used == 0 && reassembly.datagrams == 0 && reassembly.nextDeadline == nil)
        #expect(try add(pieces[1], to: &reassembly, at: IPv4Reassembly.timeout) == .incomplete, "the first half is gone")
    }

    @Test func anyOverlapDropsTheWholeDatagramAndAnExactCopyOnlyItself() throws {
        var reassembly = IPv4Reassembly()
        #expect(try add(fragment(id: 1, offset: 0, length: 64), to: &reassembly, at: .zero) == .incomplete)
        #expect(try add(fragment(id: 1, offset: 0, length: 64), to: &reassembly, at: .zero) == .dropped(.fragmentDuplicate))
        #expect(reassembly.datagrams == 1)
        #expect(try add(fragment(id: 1, offset: 56, length: 16), to: &reassembly, at: .zero) == .dropped(.fragmentOverlap))
        #expect(reassembly.datagrams == 0 && reassembly.used == 0)
        // Overlapping the next piece, and a last fragment that moves the end, go the same way.
        #expect(try add(fragment(id: 2, offset: 64, length: 64), to: &reassembly, at: .zero) == .incomplete)
        #expect(try add(fragment(id: 2, offset: 8, length: 64), to: &reassembly, at: .zero) == .dropped(.fragmentOverlap))
        #expect(try add(fragment(id: 3, offset: 64, length: 8, more: false), to: &reassembly, at: .zero) == .incomplete)
        #expect(try add(fragment(id: 3, offset: 64, length: 16, more: false), to: &reassembly, at: .zero) == .dropped(.fragmentOverlap))
        #expect(try add(fragment(id: 4, offset: 0, length: 12), to: &reassembly, at: .zero) == .dropped(.fragmentMalformed))
        #expect(reassembly.datagrams == 0 && reassembly.used == 0)
    }

    /// The last piece ends at 65,512 (fine with its 20-byte header) but the first carries 40 bytes of
    /// options: joined, the datagram would outgrow IPv4. Refused, never a trap.
    @Test func aFirstFragmentWithOptionsCannotMakeTheDatagramOversize() throws {
        var reassembly = IPv4Reassembly()
        var first = fragment(id: 5, offset: 0, length: 65_488 - 40)
        let header = IPv4Header(totalLength: UInt16(60 + 65_488 - 40), identification: 5, flagsAndFragmentOffset: IPv4Header.moreFragmentsFlag,
                                ttl: 64, protocol: IPProtocol.udp, source: "192.0.2.66", destination: "192.168.1.1",
                                options: Array(repeating: 1, count: 40))
        var rebuilt = ByteBuffer()
        header.write(to: &rebuilt)
        first.moveReaderIndex(forwardBy: 20)
        rebuilt.writeBuffer(&first)
        #expect(try add(rebuilt, to: &reassembly, at: .zero) == .incomplete)
        let last = try add(fragment(id: 5, offset: 65_448, length: 64, more: false), to: &reassembly, at: .zero)
        #expect(last == .dropped(.reassemblyOversize))
        #expect(reassembly.datagrams == 0 && reassembly.used == 0)
    }

    @Test func aDatagramHoldsABoundedNumberOfFragments() throws {
        var reassembly = IPv4Reassembly()
        for index in 0..<IPv4Reassembly.maximumFragments {
            #expect(try add(fragment(id: 9, offset: 8 * (2 * index + 1), length: 8), to: &reassembly, at: .zero) == .incomplete)
        }
        let over = try add(fragment(id: 9, offset: 0, length: 8), to: &reassembly, at: .zero)
        #expect(over == .dropped(.reassemblyTooManyFragments))
        #expect(reassembly.datagrams == 0 && reassembly.used == 0)
    }

    /// FragmentSmack: trains of tiny fragments under many IDs never complete. The budget holds, the
    /// oldest datagrams go first, and a real datagram arriving afterwards still joins.
    @Test func tinyFragmentTrainsStayInsideTheBudget() throws {
        var reassembly = IPv4Reassembly()
        var evicted = 0
        for id in 0..<2000 {
            for index in 0..<40 {
                let piece = fragment(id: UInt16(id), offset: 16 * index + 8, length: 8)
                let (header, payload) = try IPv4Header.parse(piece)
                let (result, pushed) = reassembly.add(payload, header: header, now: .milliseconds(id))
                evicted += pushed
                #expect(result == .incomplete || result == .dropped(.reassemblyBudget))
                #expect(reassembly.used <= IPv4Reassembly.budget)
            }
        }
        #expect(evicted > 0, "40 pieces x 2,000 datagrams charge about 21 MB against 4 MB")
        #expect(reassembly.datagrams < 2000)
        let pieces = try #require(IPv4Fragmenter.fragments(of: packet(payload: 1600, id: 60000)))
        #expect(try add(pieces[0], to: &reassembly, at: .seconds(2)) == .incomplete)
        guard case .whole = try add(pieces[1], to: &reassembly, at: .seconds(2)) else {
            Issue.record("a real datagram did not join after the flood"); return
        }
        reassembly.expire(now: .seconds(60))
        #expect(reassembly.datagrams == 0 && reassembly.used == 0, "the timeout frees everything the flood left")
    }
}
