/// The CODE field of a PPPoE header (RFC 2516 5): the discovery packets and 0 for session data.
public enum PPPoECode: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case session = 0x00
    case padi = 0x09
    case pado = 0x07
    case padr = 0x19
    case pads = 0x65
    case padt = 0xA7

    public var description: String {
        switch self {
        case .session: "session"
        case .padi: "PADI"
        case .pado: "PADO"
        case .padr: "PADR"
        case .pads: "PADS"
        case .padt: "PADT"
        }
    }
}
