import Wire

// What the proxy refuses, beyond a malformed message (Wire's dns-* reasons).
extension DropReason {
    /// A response (QR set) sent to the router's port 53.
    public static let dnsNotQuery = DropReason("dns-not-query")
    /// A query from a source `dns host` does not allow.
    public static let dnsHostRefused = DropReason("dns-host-refused")
    /// A query sent to a broadcast address: an answer would come from an address the client did not ask.
    public static let dnsNotUnicast = DropReason("dns-not-unicast")
    /// A client's repeat of a query still pending upstream (same client, ID and question): the one
    /// answer will come.
    public static let dnsQueryPending = DropReason("dns-query-pending")
    /// A query a `dns server select ... reject` table discards.
    public static let dnsRejected = DropReason("dns-rejected")
    /// A query while the pending-query table is full.
    public static let dnsPendingFull = DropReason("dns-pending-full")
    /// An answer no pending query waits for: unknown ID and port, another server, another question.
    public static let dnsUnexpectedAnswer = DropReason("dns-unexpected-answer")
    /// A query no server answered after every attempt: the client gets nothing and asks again.
    public static let dnsUpstreamTimeout = DropReason("dns-upstream-timeout")
    /// A TCP segment to port 53 that opens no connection and belongs to none: answered with an RST.
    public static let dnsTCPNoConnection = DropReason("dns-tcp-no-connection")
    /// A TCP SYN to port 53 while every connection slot is taken.
    public static let dnsTCPConnectionsFull = DropReason("dns-tcp-connections-full")
    /// TCP data or a SYN that is not the next in sequence: only a duplicate ACK answers it.
    public static let dnsTCPOutOfOrder = DropReason("dns-tcp-out-of-order")
    /// A TCP peer that leaves more answers unacknowledged than the send buffer holds: reset.
    public static let dnsTCPSendBufferFull = DropReason("dns-tcp-send-buffer-full")
}
