import NIOCore
import Testing
import Wire
@testable import DNS

/// The TCP responder for port 53 on its own: segments in, segments and whole DNS messages out.
@Suite struct DNSTCPServerTests {
    static let peer = DNSTCPServer.Peer(address: IPv4Address(192, 168, 100, 2), port: 40000, local: IPv4Address(192, 168, 100, 1))

    /// A client's segment as the server's parser sees it.
    static func from(_ seq: UInt32, ack: UInt32 = 0, flags: UInt16, data: [UInt8] = [], window: UInt16 = 65535) -> (TCPHeader, ByteBuffer) {
        let segment = TCPHeader.segment(sourcePort: peer.port, destinationPort: 53, sequence: seq, acknowledgment: ack, flags: flags,
                                        window: window, payload: ByteBuffer(bytes: data), source: peer.address, destination: peer.local)
        return try! TCPHeader.parse(segment, source: peer.address, destination: peer.local)
    }

    /// Segments the server sent, parsed.
    static func segments(_ out: [DNSTCPServer.Output]) -> [(header: TCPHeader, data: [UInt8])] {
        out.compactMap {
            guard case let .segment(s, to) = $0, to == peer, let (h, d) = try? TCPHeader.parse(s, source: peer.local, destination: peer.address) else { return nil }
            return (h, Array(d.readableBytesView))
        }
    }

    static func queries(_ out: [DNSTCPServer.Output]) -> [[UInt8]] {
        out.compactMap { if case let .query(m, _) = $0 { Array(m.readableBytesView) } else { nil } }
    }

    static func drops(_ out: [DNSTCPServer.Output]) -> [DropReason] {
        out.compactMap { if case let .drop(r) = $0 { r } else { nil } }
    }

    static func framed(_ message: [UInt8]) -> [UInt8] { [UInt8(message.count >> 8), UInt8(message.count & 0xFF)] + message }

    /// A server with one established connection; returns it and the server's next sequence number.
    static func established(_ server: inout DNSTCPServer, random: inout SeededGenerator) -> UInt32 {
        let (syn, none) = from(1000, flags: TCPHeader.syn)
        let synAck = segments(server.segment(syn, payload: none, from: peer, now: .zero, random: &random))
        #expect(synAck.count == 1 && synAck[0].header.flags == TCPHeader.syn | TCPHeader.ack && synAck[0].header.acknowledgment == 1001)
        let iss = synAck[0].header.sequence
        let (ack, empty) = from(1001, ack: iss &+ 1, flags: TCPHeader.ack)
        #expect(server.segment(ack, payload: empty, from: peer, now: .zero, random: &random).isEmpty)
        return iss &+ 1
    }

    @Test func aQueryInTwoSegmentsThenItsAnswerThenFIN() {
        var server = DNSTCPServer()
        var random = SeededGenerator(seed: 1)
        let next = Self.established(&server, random: &random)
        let query: [UInt8] = Array(0..<40)
        let stream = Self.framed(query)
        let (h1, d1) = Self.from(1001, ack: next, flags: TCPHeader.ack | TCPHeader.psh, data: Array(stream.prefix(10)))
        let first = server.segment(h1, payload: d1, from: Self.peer, now: .milliseconds(1), random: &random)
        #expect(Self.queries(first).isEmpty && Self.segments(first).map(\.header.acknowledgment) == [1011])
        let (h2, d2) = Self.from(1011, ack: next, flags: TCPHeader.ack | TCPHeader.psh | TCPHeader.fin, data: Array(stream.dropFirst(10)))
        let second = server.segment(h2, payload: d2, from: Self.peer, now: .milliseconds(2), random: &random)
        #expect(Self.queries(second) == [query])
        // The FIN is acknowledged; ours waits for the answer.
        #expect(Self.segments(second).map(\.header.acknowledgment) == [1001 + UInt32(stream.count) + 1])
        #expect(!Self.segments(second).contains { $0.header.isFIN })
        let answer: [UInt8] = Array(repeating: 7, count: 1200)
        let sent = Self.segments(server.send(ByteBuffer(bytes: answer), to: Self.peer, now: .milliseconds(3)))
        // 1,202 bytes in 536-byte segments, then our FIN.
        #expect(sent.map(\.data.count) == [536, 536, 130, 0] && sent.last?.header.isFIN == true)
        #expect(sent.flatMap(\.data) == Self.framed(answer))
        #expect(sent.map(\.header.sequence) == [next, next &+ 536, next &+ 1072, next &+ 1202])
        let (done, none) = Self.from(1001 + UInt32(stream.count) + 1, ack: next &+ 1203, flags: TCPHeader.ack)
        #expect(server.segment(done, payload: none, from: Self.peer, now: .milliseconds(4), random: &random).isEmpty)
        #expect(server.count == 0 && server.nextDeadline == nil)
    }

    @Test func lostSegmentsAreSentAgainFromTheOldest() {
        var server = DNSTCPServer()
        var random = SeededGenerator(seed: 2)
        let next = Self.established(&server, random: &random)
        let (h, d) = Self.from(1001, ack: next, flags: TCPHeader.ack, data: Self.framed([1, 2, 3]))
        _ = server.segment(h, payload: d, from: Self.peer, now: .zero, random: &random)
        _ = server.send(ByteBuffer(bytes: Array(repeating: 9, count: 600)), to: Self.peer, now: .zero)
        // The first segment acknowledged, the second lost.
        let (ack, none) = Self.from(1006, ack: next &+ 536, flags: TCPHeader.ack)
        _ = server.segment(ack, payload: none, from: Self.peer, now: .milliseconds(10), random: &random)
        let again = Self.segments(server.advance(to: .milliseconds(1010)))
        #expect(again.map(\.header.sequence) == [next &+ 536] && again.first?.data.count == 66)
        // Five tries, then an RST.
        var now = Duration.milliseconds(1010)
        for _ in 0..<4 { now += .seconds(1); #expect(Self.segments(server.advance(to: now)).count == 1) }
        now += .seconds(1)
        #expect(Self.segments(server.advance(to: now)).first?.header.isRST == true && server.count == 0 && server.resets == 1)
    }

    @Test func aLostSYNACKIsSentAgainForTheRepeatedSYN() {
        var server = DNSTCPServer()
        var random = SeededGenerator(seed: 3)
        let (syn, none) = Self.from(1000, flags: TCPHeader.syn)
        let first = Self.segments(server.segment(syn, payload: none, from: Self.peer, now: .zero, random: &random))
        let second = Self.segments(server.segment(syn, payload: none, from: Self.peer, now: .milliseconds(500), random: &random))
        #expect(second.count == 1 && second[0].header.sequence == first[0].header.sequence && second[0].header.isSYN)
        #expect(Self.segments(server.advance(to: .milliseconds(1600))).first?.header.isSYN == true)
    }

    @Test func idleConnectionsAreReset() {
        var server = DNSTCPServer()
        var random = SeededGenerator(seed: 4)
        _ = Self.established(&server, random: &random)
        #expect(server.nextDeadline == DNSTCPServer.idleTimeout)
        #expect(server.advance(to: .seconds(9)).isEmpty)
        let reset = Self.segments(server.advance(to: .seconds(10)))
        #expect(reset.first?.header.isRST == true && server.count == 0)
    }

    @Test func boundsAndStrangers() {
        var server = DNSTCPServer(limit: 2)
        var random = SeededGenerator(seed: 5)
        for port: UInt16 in [1, 2, 3] {
            var peer = Self.peer
            peer.port = port
            let (syn, none) = Self.from(1, flags: TCPHeader.syn)
            let out = server.segment(syn, payload: none, from: peer, now: .zero, random: &random)
            if port == 3 { #expect(Self.drops(out) == [.dnsTCPConnectionsFull]) }
        }
        #expect(server.count == 2)
        // Data for no connection: an RST at the sequence number it acknowledged.
        let (stray, data) = Self.from(77, ack: 12345, flags: TCPHeader.ack, data: [1, 2])
        let out = server.segment(stray, payload: data, from: Self.peer, now: .zero, random: &random)
        #expect(Self.drops(out) == [.dnsTCPNoConnection])
        #expect(Self.segments(out).first.map { $0.header.isRST && $0.header.sequence == 12345 } == true)
        // An RST for no connection gets nothing.
        let (rst, none) = Self.from(1, flags: TCPHeader.rst)
        #expect(server.segment(rst, payload: none, from: Self.peer, now: .zero, random: &random).isEmpty)
    }

    @Test func dataOutOfOrderGetsADuplicateACK() {
        var server = DNSTCPServer()
        var random = SeededGenerator(seed: 6)
        let next = Self.established(&server, random: &random)
        let (ahead, data) = Self.from(1101, ack: next, flags: TCPHeader.ack, data: [0, 3, 1, 2, 3])
        let out = server.segment(ahead, payload: data, from: Self.peer, now: .zero, random: &random)
        #expect(Self.drops(out) == [.dnsTCPOutOfOrder] && Self.queries(out).isEmpty)
        #expect(Self.segments(out).map(\.header.acknowledgment) == [1001])
    }

    @Test func aPeerThatNeverAcknowledgesIsReset() {
        var server = DNSTCPServer()
        var random = SeededGenerator(seed: 7)
        let next = Self.established(&server, random: &random)
        var seq: UInt32 = 1001
        var reset = false
        for _ in 0..<10 {
            let (h, d) = Self.from(seq, ack: next, flags: TCPHeader.ack, data: Self.framed([1]), window: 0)
            seq &+= 3
            _ = server.segment(h, payload: d, from: Self.peer, now: .zero, random: &random)
            let out = server.send(ByteBuffer(bytes: Array(repeating: 1, count: 60_000)), to: Self.peer, now: .zero)
            if Self.drops(out) == [.dnsTCPSendBufferFull] { reset = true; break }
            // A zero window: nothing is sent.
            #expect(Self.segments(out).isEmpty)
        }
        #expect(reset && server.count == 0)
    }
}
