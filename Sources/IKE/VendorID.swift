/// Vendor ID payloads SoftRTX sends and recognises (MD5 hashes of the names the RFCs and drafts give).
enum VendorID {
    /// RFC 3947, "RFC 3947".
    static let natTraversalRFC3947: [UInt8] = hex("4a131c81070358455c5728f20e95452f")
    /// "draft-ietf-ipsec-nat-t-ike-02\n", which strongSwan and many routers also send.
    static let natTraversalDraft02N: [UInt8] = hex("90cb80913ebb696e086381b5ec427b1f")
    /// "draft-ietf-ipsec-nat-t-ike-02".
    static let natTraversalDraft02: [UInt8] = hex("cd60464335df21f87cfdb2fc68b6a448")
    /// "draft-ietf-ipsec-nat-t-ike-03".
    static let natTraversalDraft03: [UInt8] = hex("7d9419a65310ca6f2c179d9215529d56")
    static let natTraversal: Set<[UInt8]> = [natTraversalRFC3947, natTraversalDraft02N, natTraversalDraft02, natTraversalDraft03]
    /// RFC 3706 dead peer detection, version 1.0.
    static let deadPeerDetection: [UInt8] = hex("afcad71368a1f1c96b8696fc77570100")

    private static func hex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }
}
