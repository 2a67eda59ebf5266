/// RFC 3931 section 4.2: Ns and Nr are 16-bit counters compared modulo 2^16.
enum SequenceNumber {
    /// True when `a` comes before `b` (within half the sequence space).
    static func precedes(_ a: UInt16, _ b: UInt16) -> Bool { Int16(bitPattern: a &- b) < 0 }
}
