/// `l2tp service on|off [l2tpv3] [l2tp]`; without a version both are served.
public struct L2TPService: Equatable, Sendable {
    public enum Version: String, Sendable, CaseIterable {
        case l2tpv3, l2tp
    }

    public var enabled: Bool
    /// Listed versions in canonical order; empty means all.
    public var versions: [Version]

    public init(enabled: Bool, versions: [Version] = []) {
        self.enabled = enabled
        self.versions = versions
    }

    public func serves(_ version: Version) -> Bool { enabled && (versions.isEmpty || versions.contains(version)) }
}
