/// `dhcp server rfc2131 compliant on|off|except remain-silent`.
public enum RFC2131Compliance: String, Sendable, CaseIterable {
    case on, off
    /// Compliant, except that a request for an unknown lease is ignored instead of NAKed.
    case exceptRemainSilent = "except remain-silent"
}
