/// `dhcp server rfc2131 compliant on|off|except remain-silent`.
public enum RFC2131Compliance: String, Sendable, CaseIterable {
    case on, off
    /// RFC 2131 behaviour except "remain silent": a request from a client the server has no lease
    /// for is NAKed (RFC 1541) rather than ignored (see DHCPServer.Mode).
    case exceptRemainSilent = "except remain-silent"
}
