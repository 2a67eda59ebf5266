/// What `pp auth accept` lists: the protocols we agree to authenticate ourselves with.
public enum PPPAuthProtocol: Hashable, Sendable, CustomStringConvertible {
    case pap, chap

    public var description: String {
        switch self {
        case .pap: "PAP"
        case .chap: "CHAP"
        }
    }
}
