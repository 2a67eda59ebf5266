import IPsec
import Testing
import Wire

@testable import IKE

@Suite struct PeerDeleteTests {
    /// strongSwan, as Quick Mode responder that could not install the pair, sends DELETE with the initiator's SPI
    /// (our inbound one), not its own: the pair goes, and a new one is negotiated only after the retry interval.
    @Test func deleteNamingOurInboundSPIRemovesThePairAndRetriesLater() throws {
        let pair = EnginePair()
        pair.a.configure([EnginePair.policy(local: EnginePair.addressA, remote: .address(EnginePair.addressB))], now: .zero)
        pair.b.configure([EnginePair.policy(local: EnginePair.addressB, remote: .address(EnginePair.addressA), initiates: false)], now: .zero)
        pair.run(until: .seconds(5))
        let child = try #require(pair.a.children.first)
        let sa = try #require(pair.b.phase1s.values.first)
        let delete = DeletePayload(doi: 1, protocolID: ISAKMPProtocolID.esp, spiSize: 4, spis: [child.inbound.spi.bigEndianBytes])
        pair.b.sendInformational(sa, [ISAKMPPayload(type: .delete, body: delete.body)])
        pair.run(until: .seconds(6))
        #expect(pair.a.children.isEmpty)
        #expect(pair.logs["a", default: []].contains { $0.contains("IPsec SA deleted by") })
        #expect(pair.installed["a", default: []].count == 1)
        pair.run(until: .seconds(16))
        #expect(pair.installed["a", default: []].count == 2)
        #expect(pair.a.children.count == 1)
    }
}

@Suite struct PeerRefusalTests {
    /// strongSwan as Quick Mode initiator that cannot install the pair answers message 2 with NO-PROPOSAL-CHOSEN
    /// (its SPI) instead of message 3: the responder stops retransmitting message 2.
    @Test func noProposalChosenWithThePeersSPIEndsTheQuickMode() throws {
        let pair = EnginePair()
        pair.a.configure([EnginePair.policy(local: EnginePair.addressA, remote: .address(EnginePair.addressB))], now: .zero)
        pair.b.configure([EnginePair.policy(local: EnginePair.addressB, remote: .address(EnginePair.addressA), initiates: false)], now: .zero)
        // Lose a's Quick Mode message 3, as if it never sent it.
        pair.wire = { from, d in from == "a" && pair.sent.filter { $0.from == "b" }.count >= 4 ? nil : d }
        pair.run(until: .seconds(1))
        let child = try #require(pair.a.children.first)
        #expect(pair.b.children.isEmpty)
        let saB = try #require(pair.b.phase1s.values.first)
        #expect(saB.quickModes.values.contains { $0.state == .sentHash2 })
        let saA = try #require(pair.a.phase1s.values.first)
        pair.wire = { _, d in d }
        pair.a.sendInformational(saA, [pair.a.notifyPayload(ISAKMPNotifyType.noProposalChosen, spi: child.inbound.spi.bigEndianBytes)])
        pair.run(until: .seconds(2))
        #expect(!saB.quickModes.values.contains { $0.state == .sentHash2 })
        #expect(pair.logs["b", default: []].contains { $0.contains("refused by the peer") })
    }
}

@Suite struct HalfOpenTests {
    /// A flood of first messages with fresh cookies (spoofed senders) holds at most 64 half-open SAs.
    @Test func spoofedFirstMessagesAreCapped() throws {
        let pair = EnginePair()
        pair.a.configure([EnginePair.policy(local: EnginePair.addressA, remote: .address(EnginePair.addressB))], now: .zero)
        pair.b.configure([EnginePair.policy(local: EnginePair.addressB, remote: .address(EnginePair.addressA), initiates: false)], now: .zero)
        pair.wire = { _, _ in nil }
        pair.run(until: .milliseconds(1))
        let first = try #require(pair.sent.first { $0.from == "a" }?.datagram)
        for index in 0..<200 {
            var datagram = first
            datagram.message[0] = UInt8(index)
            datagram.message[1] = UInt8(index >> 8) &+ 1
            pair.b.receive(datagram, now: .milliseconds(2))
        }
        let outputs = pair.b.takeOutputs()
        #expect(pair.b.phase1s.count == 64)
        #expect(outputs.filter { if case .dropped(.ikeTooManyHalfOpen) = $0 { true } else { false } }.count == 136)
        // The half-open ones time out, and room is made again.
        pair.b.advance(now: .seconds(60))
        #expect(pair.b.phase1s.isEmpty)
    }
}

@Suite struct ChildSALimitTests {
    /// A peer that starts quick mode after quick mode: each side keeps at most four ESP pairs for it,
    /// the oldest going (with a DELETE, so the peer lets it go too).
    @Test func quickModeAfterQuickModeKeepsABoundedNumberOfPairs() throws {
        let pair = EnginePair()
        pair.a.configure([EnginePair.policy(local: EnginePair.addressA, remote: .address(EnginePair.addressB))], now: .zero)
        pair.b.configure([EnginePair.policy(local: EnginePair.addressB, remote: .address(EnginePair.addressA), initiates: false)], now: .zero)
        pair.run(until: .seconds(5))
        let sa = try #require(pair.a.phase1s.values.first { $0.isEstablished })
        for round in 1...10 {
            pair.a.startQuickMode(sa, replacing: nil)
            pair.run(until: .seconds(5 + round))
        }
        #expect(pair.installed["b", default: []].count == 11)
        #expect(pair.b.children.count == IKEEngine.maxChildrenPerGateway)
        #expect(pair.a.children.count == IKEEngine.maxChildrenPerGateway)
        #expect(Set(pair.a.children.map(\.outbound.spi)) == Set(pair.b.children.map(\.inbound.spi)))
    }
}
