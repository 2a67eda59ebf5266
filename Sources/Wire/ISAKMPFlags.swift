/// The header's Flags (RFC 2408 3.1).
public struct ISAKMPFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Everything after the header is encrypted.
    public static let encryption = ISAKMPFlags(rawValue: 1)
    public static let commit = ISAKMPFlags(rawValue: 2)
    public static let authenticationOnly = ISAKMPFlags(rawValue: 4)
}
