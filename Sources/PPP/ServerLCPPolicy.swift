import Wire

/// The access concentrator's side of LCP option negotiation: it asks for its MRU, the
/// authentication protocol and a Magic-Number, and accepts from the peer only an MRU and a
/// Magic-Number (PPPoE carries no ACCM nor compressed fields, RFC 2516 7; the peer does not
/// authenticate us).
struct ServerLCPPolicy: PPPOptionPolicy {
    let initialMRU: Int
    let auth: PPPAuthProtocol
    var mru: Int?
    var magic: UInt32?
    var random: SeededGenerator
    /// What the peer agreed to: its MRU (what we may send it) and its Magic-Number.
    var peerMRU = PPPoEServer.maximumMRU
    var peerMagic: UInt32?
    /// The peer rejected our Authentication-Protocol: there is no session without it.
    var authRefused = false
    private var acknowledgedMagic: UInt32?

    init(mru: Int, auth: PPPAuthProtocol, random: SeededGenerator) {
        initialMRU = mru
        self.auth = auth
        self.random = random
        self.mru = nil
        reset()
    }

    var protocolNumber: UInt16 { PPPProtocol.lcp }
    var magicNumber: UInt32 { acknowledgedMagic ?? 0 }

    var authOption: PPPOption {
        switch auth {
        case .pap: .uint16(LCPOption.authProtocol, PPPProtocol.pap)
        case .chap: PPPOption(type: LCPOption.authProtocol, value: [0xC2, 0x23, LCPOption.chapMD5])
        }
    }

    func requestedOptions() -> [PPPOption] {
        [mru.map { .uint16(LCPOption.mru, UInt16($0)) }, authOption, magic.map { .uint32(LCPOption.magicNumber, $0) }].compactMap { $0 }
    }

    /// Rejects what we never take; Naks an MRU PPPoE cannot carry and a Magic-Number equal to ours.
    func judge(_ options: [PPPOption]) -> PPPJudgement {
        var judgement = PPPJudgement()
        for option in options {
            switch option.type {
            case LCPOption.mru:
                guard let value = option.uint16 else { judgement.rejected.append(option); continue }
                if !(64...PPPoEServer.maximumMRU).contains(Int(value)) {
                    judgement.nakked.append(.uint16(LCPOption.mru, UInt16(min(max(Int(value), 64), PPPoEServer.maximumMRU))))
                }
            case LCPOption.magicNumber:
                guard let value = option.uint32, value != 0 else { judgement.rejected.append(option); continue }
                // The same number as ours is a looped-back link or a clash (RFC 1661 6.4): suggest another.
                if value == magic { judgement.nakked.append(.uint32(LCPOption.magicNumber, ~value)) }
            default:
                judgement.rejected.append(option)
            }
        }
        return judgement
    }

    mutating func peerAccepted(_ options: [PPPOption]) {
        peerMRU = options.first { $0.type == LCPOption.mru }?.uint16.map(Int.init) ?? PPPoEServer.maximumMRU
        peerMagic = options.first { $0.type == LCPOption.magicNumber }?.uint32
    }

    mutating func acknowledged(_ options: [PPPOption]) {
        acknowledgedMagic = options.first { $0.type == LCPOption.magicNumber }?.uint32
    }

    /// Takes the peer's MRU if PPPoE can carry it, draws a new Magic-Number. A Nak of the
    /// authentication protocol is not followed: we authenticate one way only.
    mutating func nakked(_ options: [PPPOption]) {
        for option in options {
            switch option.type {
            case LCPOption.mru:
                if let value = option.uint16, (64...PPPoEServer.maximumMRU).contains(Int(value)) { mru = Int(value) }
            case LCPOption.magicNumber:
                magic = UInt32(truncatingIfNeeded: random.next()) | 1
            default:
                break
            }
        }
    }

    mutating func rejected(_ options: [PPPOption]) {
        for option in options {
            switch option.type {
            case LCPOption.mru: mru = nil
            case LCPOption.magicNumber: magic = nil
            case LCPOption.authProtocol: authRefused = true
            default: break
            }
        }
    }

    mutating func reset() {
        mru = initialMRU
        magic = UInt32(truncatingIfNeeded: random.next()) | 1
        peerMRU = PPPoEServer.maximumMRU
        peerMagic = nil
        acknowledgedMagic = nil
        authRefused = false
    }
}
