/// `tunnel encapsulation`: l2tpv3 is L2TPv3 over IPsec, l2tpv3-raw is L2TPv3 in the clear.
public enum TunnelEncapsulation: String, Sendable, CaseIterable {
    case l2tpv3
    case l2tpv3Raw = "l2tpv3-raw"
    case ipsec
    case l2tp
}
