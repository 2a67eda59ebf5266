/// `l2tp tunnel auth on [PASSWORD]` / `off`.
public enum L2TPTunnelAuth: Equatable, Sendable {
    case off
    case on(password: String?)
}
