import Wire

/// The access concentrator's side of LCP option negotiation: it asks for its MRU, the
/// authentication protocol and a Magic-Number, and accepts from the peer only an MRU and a
/// Magic-Number (PPPoE carries no ACCM nor compressed fields, RFC 2516 7; the peer does not
/// authenticate us).
struct ServerLCPOptions {
    var mru: Int?
    let auth: PPPAuthProtocol
    var magic: UInt32?
    /// What the peer agreed to: its MRU (what we may send it) and its Magic-Number.
    var peerMRU = PPPoEServer.maximumMRU
    var peerMagic: UInt32?

    init(mru: Int, auth: PPPAuthProtocol, magic: UInt32) {
        self.mru = mru
        self.auth = auth
        self.magic = magic
    }

    var authOption: PPPOption {
        switch auth {
        case .pap: .uint16(LCPOption.authProtocol, PPPProtocol.pap)
        case .chap: PPPOption(type: LCPOption.authProtocol, value: [0xC2, 0x23, LCPOption.chapMD5])
        }
    }

    /// Our Configure-Request.
    var request: [PPPOption] {
        [mru.map { .uint16(LCPOption.mru, UInt16($0)) }, authOption, magic.map { .uint32(LCPOption.magicNumber, $0) }].compactMap { $0 }
    }

    /// Our answer to the peer's Configure-Request: Ack, or a Nak of values we would take, or a
    /// Reject of options we never take (a Reject goes before any Nak, RFC 1661 5.3-5.4).
    mutating func review(_ options: [PPPOption], random: inout SeededGenerator) -> PPPOptionVerdict {
        var naks: [PPPOption] = []
        var rejects: [PPPOption] = []
        var mruSeen: Int?
        var magicSeen: UInt32?
        for option in options {
            switch option.type {
            case LCPOption.mru:
                guard let value = option.uint16 else { rejects.append(option); continue }
                if value > PPPoEServer.maximumMRU || value < 64 {
                    naks.append(.uint16(LCPOption.mru, UInt16(min(max(value, 64), UInt16(PPPoEServer.maximumMRU)))))
                } else {
                    mruSeen = Int(value)
                }
            case LCPOption.magicNumber:
                guard let value = option.uint32, value != 0 else { rejects.append(option); continue }
                // The same number as ours is a looped-back link or a clash (RFC 1661 6.4): ask for another.
                if value == magic {
                    naks.append(.uint32(LCPOption.magicNumber, UInt32(truncatingIfNeeded: random.next()) | 1))
                } else {
                    magicSeen = value
                }
            default:
                rejects.append(option)
            }
        }
        if !rejects.isEmpty { return .reject(rejects) }
        if !naks.isEmpty { return .nak(naks) }
        peerMRU = mruSeen ?? PPPoEServer.maximumMRU
        peerMagic = magicSeen
        return .ack
    }

    /// The peer's Nak of our request: take its MRU if it fits PPPoE, draw a new Magic-Number. A Nak
    /// of the authentication protocol is not followed: we authenticate one way only.
    mutating func naked(_ options: [PPPOption], random: inout SeededGenerator) {
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

    /// The peer's Reject of our options; false when it rejects authentication, which ends the session.
    mutating func rejected(_ options: [PPPOption]) -> Bool {
        for option in options {
            switch option.type {
            case LCPOption.mru: mru = nil
            case LCPOption.magicNumber: magic = nil
            case LCPOption.authProtocol: return false
            default: break
            }
        }
        return true
    }
}

/// How a Configure-Request is answered.
enum PPPOptionVerdict: Equatable {
    case ack
    case nak([PPPOption])
    case reject([PPPOption])
}
