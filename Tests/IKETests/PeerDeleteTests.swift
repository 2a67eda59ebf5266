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
