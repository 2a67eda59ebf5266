@testable import PPP
import Wire

/// A policy with the shape of LCP's MRU and IPCP's address: option 1 (a 16-bit value) is requested, the peer's
/// option 1 must equal `want` (else Nak), option 99 is always rejected, Naks replace our value.
struct NegotiationTestPolicy: PPPOptionPolicy {
    var protocolNumber = PPPProtocol.lcp
    var magicNumber: UInt32 = 0x1122_3344
    var initial: [PPPOption] = [.uint16(1, 1500)]
    var request: [PPPOption] = [.uint16(1, 1500)]
    var want: UInt16?
    /// What the peer got acknowledged, and what we did.
    var peerOptions: [PPPOption] = []
    var agreed: [PPPOption] = []

    init(protocolNumber: UInt16 = PPPProtocol.lcp, request: [PPPOption] = [.uint16(1, 1500)], want: UInt16? = nil) {
        self.protocolNumber = protocolNumber
        self.initial = request
        self.request = request
        self.want = want
    }

    func requestedOptions() -> [PPPOption] { request }

    func judge(_ options: [PPPOption]) -> PPPJudgement {
        var judgement = PPPJudgement()
        for option in options {
            if option.type == 99 { judgement.rejected.append(option) }
            if option.type == 1, let want, option.uint16 != want { judgement.nakked.append(.uint16(1, want)) }
        }
        return judgement
    }

    mutating func peerAccepted(_ options: [PPPOption]) { peerOptions = options }
    mutating func acknowledged(_ options: [PPPOption]) { agreed = options }

    mutating func nakked(_ options: [PPPOption]) {
        for option in options {
            if let index = request.firstIndex(where: { $0.type == option.type }) { request[index] = option } else { request.append(option) }
        }
    }

    mutating func rejected(_ options: [PPPOption]) { request.removeAll { options.contains($0) } }
    mutating func reset() { request = initial }
}

typealias TestAutomaton = PPPNegotiation<NegotiationTestPolicy>

extension [PPPNegotiationAction] {
    var sent: [PPPControlPacket] { compactMap { if case .send(let packet) = $0 { packet } else { nil } } }
}
