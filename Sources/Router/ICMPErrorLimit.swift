/// RFC 1812 4.3.2.8: a router rate-limits the ICMP errors it sends, or spoofed packets turn it into a
/// reflector. A token bucket for all errors together, as Linux's `icmp_msgs_per_sec` (1,000) and
/// `icmp_msgs_burst` (50).
struct ICMPErrorLimit {
    static let perSecond = 1000
    static let burst = 50

    private var tokens = Double(ICMPErrorLimit.burst)
    private var updated: Duration = .zero

    /// Takes a token if one is left at `now`.
    mutating func allow(now: Duration) -> Bool {
        let elapsed = Double((now - updated).components.seconds) + Double((now - updated).components.attoseconds) / 1e18
        tokens = min(Double(Self.burst), tokens + max(0, elapsed) * Double(Self.perSecond))
        updated = now
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
