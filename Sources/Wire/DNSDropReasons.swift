// Why a DNS message is refused (RFC 1035 4.1): counted per name by the router.
extension DropReason {
    /// Shorter than the 12-byte header, or a question or record runs past the end.
    public static let dnsTruncated = DropReason("dns-truncated")
    /// A label length with the reserved top bits 01 or 10 (RFC 1035 4.1.4, RFC 6891 9).
    public static let dnsBadLabel = DropReason("dns-bad-label")
    /// A name longer than 255 bytes (RFC 1035 3.1).
    public static let dnsNameTooLong = DropReason("dns-name-too-long")
    /// A compression pointer that does not point strictly before the name it continues: forward,
    /// to itself, or into a loop.
    public static let dnsBadPointer = DropReason("dns-bad-pointer")
    /// More compression pointers in one name than a name of 255 bytes can need.
    public static let dnsPointerChain = DropReason("dns-pointer-chain")
    /// RDATA whose length does not fit its type (an A record of 5 bytes, a name that overruns it).
    public static let dnsBadRecordData = DropReason("dns-bad-rdata")
}
