/// Vendor ID payload bodies that announce a capability. The NAT-T ones are MD5 of the spec name
/// ("RFC 3947", "draft-ietf-ipsec-nat-t-ike-02\n" with its stray newline, ...).
public enum ISAKMPVendorID {
    public static let natTraversalRFC3947: [UInt8] = [
        0x4A, 0x13, 0x1C, 0x81, 0x07, 0x03, 0x58, 0x45, 0x5C, 0x57, 0x28, 0xF2, 0x0E, 0x95, 0x45, 0x2F,
    ]
    /// MD5("draft-ietf-ipsec-nat-t-ike-02\n").
    public static let natTraversalDraft02Newline: [UInt8] = [
        0x90, 0xCB, 0x80, 0x91, 0x3E, 0xBB, 0x69, 0x6E, 0x08, 0x63, 0x81, 0xB5, 0xEC, 0x42, 0x7B, 0x1F,
    ]
    /// MD5("draft-ietf-ipsec-nat-t-ike-02").
    public static let natTraversalDraft02: [UInt8] = [
        0xCD, 0x60, 0x46, 0x43, 0x35, 0xDF, 0x21, 0xF8, 0x7C, 0xFD, 0xB2, 0xFC, 0x68, 0xB6, 0xA4, 0x48,
    ]
    /// MD5("draft-ietf-ipsec-nat-t-ike-03").
    public static let natTraversalDraft03: [UInt8] = [
        0x7D, 0x94, 0x19, 0xA6, 0x53, 0x10, 0xCA, 0x6F, 0x2C, 0x17, 0x9D, 0x92, 0x15, 0x52, 0x9D, 0x56,
    ]
    /// RFC 3706 Dead Peer Detection, version 1.0.
    public static let deadPeerDetection: [UInt8] = [
        0xAF, 0xCA, 0xD7, 0x13, 0x68, 0xA1, 0xF1, 0xC9, 0x6B, 0x86, 0x96, 0xFC, 0x77, 0x57, 0x01, 0x00,
    ]

    /// The NAT-T drafts a peer may announce instead of RFC 3947; they use the draft payload numbers.
    public static let natTraversalDrafts = [natTraversalDraft02Newline, natTraversalDraft02, natTraversalDraft03]
}

extension ISAKMPVendorID {
    /// Any of the NAT-T vendor IDs: the RFC's or a draft's.
    public static func isNATTraversal(_ id: [UInt8]) -> Bool { id == natTraversalRFC3947 || natTraversalDrafts.contains(id) }
}
