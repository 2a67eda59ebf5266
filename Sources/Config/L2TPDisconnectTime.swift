/// `l2tp tunnel disconnect time SECONDS|off`: idle timer on data packets.
public enum L2TPDisconnectTime: Equatable, Sendable {
    case seconds(Int)
    case off

    public static let range = 1...21_474_836
}
