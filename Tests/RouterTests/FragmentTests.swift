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
        return reassembly.add(payload, header: header, now: now)
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
        var result = IPv4Reassembly.Result.oversize
        for piece in pieces.reversed() { result = try add(piece, to: &reassembly, at: .seconds(1)) }
        guard case let .whole(joined, header) = result else { Issue.record("not joined: \(result)"); return }
        #expect(joined == whole)
        #expect(!header.isFragment)
    }

    @Test func anIncompletePacketIsForgottenAfterTheTimeout() throws {
        let pieces = try #require(IPv4Fragmenter.fragments(of: packet(payload: 1600)))
        var reassembly = IPv4Reassembly()
        let first = try add(pieces[0], to: &reassembly, at: .zero)
        guard case .incomplete(evictedOldest: false) = first else { Issue.record("\(first)"); return }
        let late = try add(pieces[1], to: &reassembly, at: IPv4Reassembly.timeout)
        guard case .incomplete = late else { Issue.record("joined after the timeout: \(late)"); return }
    }

    @Test func aFullTablePushesOutTheOldestIncompletePacket() throws {
        var reassembly = IPv4Reassembly()
        for id in 0..<IPv4Reassembly.limit {
            let tail = try #require(IPv4Fragmenter.fragments(of: packet(payload: 1600, id: UInt16(id))))[1]
            let result = try add(tail, to: &reassembly, at: .milliseconds(id))
            guard case .incomplete(evictedOldest: false) = result else { Issue.record("\(id): \(result)"); return }
        }
        let newcomer = try #require(IPv4Fragmenter.fragments(of: packet(payload: 1600, id: 999)))
        let pushed = try add(newcomer[0], to: &reassembly, at: .seconds(1))
        guard case .incomplete(evictedOldest: true) = pushed else { Issue.record("\(pushed)"); return }
        let joined = try add(newcomer[1], to: &reassembly, at: .seconds(1))
        guard case .whole = joined else { Issue.record("the newcomer was not kept: \(joined)"); return }
    }
}
