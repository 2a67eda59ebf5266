import Wire

/// One `nat descriptor ... N` block.
public struct NATDescriptor: Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case masquerade, nat
        case natMasquerade = "nat-masquerade"
    }

    /// `nat descriptor address outer N ...`
    public enum Outer: Equatable, Sendable {
        case address(IPv4Address)
        /// The interface's primary address.
        case primary
        /// The address IPCP assigned.
        case ipcp
    }

    /// `nat descriptor address inner N ...`
    public enum Inner: Equatable, Sendable {
        case auto
        case range(IPv4Address, IPv4Address)
    }

    public var kind: Kind?
    public var outer: Outer?
    public var inner: Inner?
    public var staticEntries: [Int: MasqueradeStatic] = [:]
    /// `nat descriptor masquerade port range N RANGE...`
    public var portRanges: [ClosedRange<UInt16>]?
    /// `nat descriptor masquerade session limit N 1 LIMIT`: sessions per inner host.
    public var sessionLimit: Int?

    public init(kind: Kind? = nil, outer: Outer? = nil, inner: Inner? = nil, staticEntries: [Int: MasqueradeStatic] = [:]) {
        self.kind = kind
        self.outer = outer
        self.inner = inner
        self.staticEntries = staticEntries
    }

    /// RTX830 (Rev.15.02): 1 to 65534 sessions per host; 65534 when not set.
    public static let sessionLimits = 1...65534
    /// Ranges a `port range` line may give (RTX830 Rev.15.02.10 and later).
    public static let maximumPortRanges = 64
    /// RTX's default since Rev.14.01: 60000-64095, then 49152-59999, then 44096-49151.
    public static let defaultPortRanges: [ClosedRange<UInt16>] = [60000...64095, 49152...59999, 44096...49151]

    public static let ids = 1...2_147_483_647
    public static let staticIDs = 1...65535

    public var isEmpty: Bool { self == NATDescriptor() }

    public var effectiveOuter: Outer { outer ?? .ipcp }
    public var effectiveInner: Inner { inner ?? .auto }
    public var effectivePortRanges: [ClosedRange<UInt16>] { portRanges ?? NATDescriptor.defaultPortRanges }
    public var effectiveSessionLimit: Int { sessionLimit ?? NATDescriptor.sessionLimits.upperBound }
}
