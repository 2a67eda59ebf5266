extension Sequence<UInt8> {
    /// Two lowercase hex digits per byte, joined by `separator`: MAC addresses, client IDs, SPIs, key logs.
    public func hexText(separator: String = "") -> String {
        map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined(separator: separator)
    }
}
