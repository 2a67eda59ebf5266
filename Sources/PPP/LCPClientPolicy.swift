import Wire

/// LCP as a PPPoE client negotiates it: MRU and Magic-Number asked for, the AC's Authentication-Protocol
/// accepted when `pp auth accept` allows it, options PPPoE forbids (ACCM, PFC, ACFC, RFC 2516 7) refused.
public struct LCPClientPolicy: PPPOptionPolicy {
    /// PPPoE leaves 1492 bytes for PPP (1500 less the 6-byte PPPoE header and the 2-byte protocol field).
    public static let maximumMRU = 1492
    static let minimumMRU = 64

    public let protocolNumber = PPPProtocol.lcp
    let wantedMRU: Int?
    let wantsMagic: Bool
    let acceptedAuth: Set<PPPAuthProtocol>
    private var random: SeededGenerator

    /// What our next Configure-Request asks for.
    public private(set) var mru: Int?
    public private(set) var magic: UInt32?
    /// What the peer's acknowledged request holds.
    public private(set) var peerMRU: Int?
    public private(set) var peerMagic: UInt32?
    public private(set) var peerAuth: PPPAuthProtocol?
    /// Names of the options in force, for `show status pp` ("Magic-Number MRU", "CHAP Magic-Number MRU").
    public private(set) var localOptions: [String] = []
    public private(set) var remoteOptions: [String] = []

    public init(mru: Int?, magicNumber: Bool, acceptedAuth: Set<PPPAuthProtocol>, random: SeededGenerator) {
        wantedMRU = mru.map { min(max($0, Self.minimumMRU), Self.maximumMRU) }
        wantsMagic = magicNumber
        self.acceptedAuth = acceptedAuth
        self.random = random
        reset()
    }

    public var magicNumber: UInt32 { magic ?? 0 }

    public func requestedOptions() -> [PPPOption] {
        var options: [PPPOption] = []
        if let mru { options.append(.uint16(LCPOption.mru, UInt16(mru))) }
        if let magic { options.append(.uint32(LCPOption.magicNumber, magic)) }
        return options
    }

    public func judge(_ options: [PPPOption]) -> PPPJudgement {
        var judgement = PPPJudgement()
        for option in options {
            switch option.type {
            case LCPOption.mru:
                guard let value = option.uint16 else { judgement.rejected.append(option); continue }
                if Int(value) < Self.minimumMRU { judgement.nakked.append(.uint16(LCPOption.mru, UInt16(Self.maximumMRU))) }
            case LCPOption.authProtocol:
                if let wanted = Self.authProtocol(option), acceptedAuth.contains(wanted) { continue }
                if acceptedAuth.contains(.chap) {
                    judgement.nakked.append(Self.chapOption)
                } else if acceptedAuth.contains(.pap) {
                    judgement.nakked.append(Self.papOption)
                } else {
                    judgement.rejected.append(option)
                }
            case LCPOption.magicNumber:
                guard let value = option.uint32 else { judgement.rejected.append(option); continue }
                // A zero magic, or ours: the link may loop back (RFC 1661 6.4); suggest another.
                if value == 0 || (magic != nil && value == magic) {
                    var generator = random
                    judgement.nakked.append(.uint32(LCPOption.magicNumber, Self.nonZero(&generator)))
                }
            default:
                judgement.rejected.append(option)
            }
        }
        return judgement
    }

    public mutating func peerAccepted(_ options: [PPPOption]) {
        peerMRU = nil
        peerMagic = nil
        peerAuth = nil
        for option in options {
            switch option.type {
            case LCPOption.mru: peerMRU = option.uint16.map(Int.init)
            case LCPOption.magicNumber: peerMagic = option.uint32
            case LCPOption.authProtocol: peerAuth = Self.authProtocol(option)
            default: break
            }
        }
        remoteOptions = (peerAuth.map { ["\($0)"] } ?? []) + (peerMagic != nil ? ["Magic-Number"] : []) + (peerMRU != nil ? ["MRU"] : [])
    }

    public mutating func acknowledged(_ options: [PPPOption]) {
        localOptions = (options.contains { $0.type == LCPOption.magicNumber } ? ["Magic-Number"] : [])
            + (options.contains { $0.type == LCPOption.mru } ? ["MRU"] : [])
    }

    public mutating func nakked(_ options: [PPPOption]) {
        for option in options {
            switch option.type {
            case LCPOption.mru:
                if let value = option.uint16.map(Int.init), (Self.minimumMRU...Self.maximumMRU).contains(value) { mru = value }
            case LCPOption.magicNumber where magic != nil:
                // The peer saw its own number or a clash: draw a new one (RFC 1661 6.4).
                magic = Self.nonZero(&random)
            default: break
            }
        }
    }

    public mutating func rejected(_ options: [PPPOption]) {
        for option in options {
            if option.type == LCPOption.mru { mru = nil }
            if option.type == LCPOption.magicNumber { magic = nil }
        }
    }

    public mutating func reset() {
        mru = wantedMRU
        magic = wantsMagic ? Self.nonZero(&random) : nil
        peerMRU = nil
        peerMagic = nil
        peerAuth = nil
        localOptions = []
        remoteOptions = []
    }

    static let papOption = PPPOption.uint16(LCPOption.authProtocol, PPPProtocol.pap)
    static let chapOption = PPPOption(type: LCPOption.authProtocol, value: [0xC2, 0x23, LCPOption.chapMD5])

    /// PAP, or CHAP with MD5; nil for anything else (MS-CHAP, EAP ...).
    static func authProtocol(_ option: PPPOption) -> PPPAuthProtocol? {
        if option == papOption { return .pap }
        if option == chapOption { return .chap }
        return nil
    }

    static func nonZero(_ random: inout SeededGenerator) -> UInt32 {
        var value: UInt32 = 0
        while value == 0 { value = UInt32(truncatingIfNeeded: random.next()) }
        return value
    }
}
