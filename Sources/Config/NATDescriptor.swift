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

    public init(kind: Kind? = nil, outer: Outer? = nil, inner: Inner? = nil, staticEntries: [Int: MasqueradeStatic] = [:]) {
        self.kind = kind
        self.outer = outer
        self.inner = inner
        self.staticEntries = staticEntries
    }

    public static let ids = 1...2_147_483_647
    public static let staticIDs = 1...65535

    public var isEmpty: Bool { self == NATDescriptor() }

    public var effectiveOuter: Outer { outer ?? .ipcp }
    public var effectiveInner: Inner { inner ?? .auto }
}
