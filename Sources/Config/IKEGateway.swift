import Wire

/// The `ipsec ike ... GW ...` settings of one security gateway; nil means the RTX default.
public struct IKEGateway: Equatable, Sendable {
    public enum Encryption: String, Sendable, CaseIterable {
        case tripleDESCBC = "3des-cbc"
        case desCBC = "des-cbc"
        case aesCBC = "aes-cbc"
        case aes256CBC = "aes256-cbc"
    }

    public enum Hash: String, Sendable, CaseIterable {
        case md5, sha, sha256
    }

    public enum Group: String, Sendable, CaseIterable {
        case modp768, modp1024, modp1536, modp2048
    }

    /// `ipsec ike group GW GROUP [SECOND]`: the second group is also offered.
    public struct Groups: Equatable, Sendable {
        public var first: Group
        public var second: Group?

        public init(_ first: Group, _ second: Group? = nil) {
            self.first = first
            self.second = second
        }
    }

    public enum RemoteAddress: Equatable, Sendable {
        case address(IPv4Address)
        /// Accept any peer: this side only responds.
        case any
    }

    /// `ipsec ike local name` / `remote name`: an identity for aggressive mode.
    public struct Name: Equatable, Sendable {
        public enum Kind: String, Sendable, CaseIterable {
            case ipv4Address = "ipv4-addr"
            case fqdn
            case userFQDN = "user-fqdn"
            case keyID = "key-id"
        }

        public var name: String
        public var kind: Kind?

        public init(_ name: String, kind: Kind? = nil) {
            self.name = name
            self.kind = kind
        }
    }

    public enum Version: Int, Sendable, CaseIterable {
        case v1 = 1, v2 = 2
    }

    public static let ids = 1...100
    public static let durations = 300...691_200

    public var encryption: Encryption?
    public var hash: Hash?
    public var group: Groups?
    public var isakmpSADuration: Int?
    public var ipsecSADuration: Int?
    public var keepalive: IKEKeepalive?
    public var keepaliveLog: Bool?
    public var localAddress: IPv4Address?
    public var remoteAddress: RemoteAddress?
    /// `ipsec ike remote address GW NAME`: the peer by host name, looked up by DNS when the exchange
    /// starts. One `ipsec ike remote address` setting: it and `remoteAddress` replace each other.
    public var remoteHostName: String?
    public var localName: Name?
    public var remoteName: Name?
    public var preSharedKey: String?
    public var natTraversal: Bool?
    public var version: Version?
    public var pfs: Bool?

    public init() {}

    public var isEmpty: Bool { self == IKEGateway() }

    public var effectiveEncryption: Encryption { encryption ?? .tripleDESCBC }
    public var effectiveHash: Hash { hash ?? .sha }
    public var effectiveGroup: Group { group?.first ?? .modp1024 }
    public var effectiveISAKMPSADuration: Int { isakmpSADuration ?? 28800 }
    public var effectiveIPsecSADuration: Int { ipsecSADuration ?? 28800 }
    public var effectiveKeepaliveMode: IKEKeepalive.Mode { keepalive?.mode ?? .auto }
    public var effectiveKeepaliveMethod: IKEKeepalive.Method { keepalive?.method ?? .heartbeat }
    public var effectiveKeepaliveInterval: Int { keepalive?.interval ?? 10 }
    public var effectiveKeepaliveCount: Int { keepalive?.count ?? 6 }
    public var effectiveKeepaliveLog: Bool { keepaliveLog ?? false }
    public var effectiveNATTraversal: Bool { natTraversal ?? false }
    public var effectiveVersion: Version { version ?? .v1 }
    public var effectivePFS: Bool { pfs ?? false }
}
