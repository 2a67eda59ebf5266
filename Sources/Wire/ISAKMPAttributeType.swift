/// Attribute classes and their values: `IKE` for phase 1 transforms (RFC 2409 Appendix A), `IPsec` for
/// quick mode transforms (IPsec DOI, RFC 2407 4.5). Only what an RTX negotiates is named.
public enum ISAKMPAttributeType {
    public enum IKE {
        public static let encryptionAlgorithm: UInt16 = 1
        public static let hashAlgorithm: UInt16 = 2
        public static let authenticationMethod: UInt16 = 3
        public static let groupDescription: UInt16 = 4
        public static let lifeType: UInt16 = 11
        /// Variable length: an integer of any width, though 28800 fits a basic attribute.
        public static let lifeDuration: UInt16 = 12
        /// Bits, for AES (absent = 128).
        public static let keyLength: UInt16 = 14

        public enum EncryptionAlgorithm {
            public static let desCBC: UInt16 = 1
            public static let tripleDESCBC: UInt16 = 5
            public static let aesCBC: UInt16 = 7
        }

        public enum HashAlgorithm {
            public static let md5: UInt16 = 1
            public static let sha: UInt16 = 2
            public static let sha2_256: UInt16 = 4
        }

        public enum AuthenticationMethod {
            public static let preSharedKey: UInt16 = 1
        }

        /// Oakley / MODP groups (RFC 2409 6, RFC 3526).
        public enum Group {
            public static let modp768: UInt16 = 1
            public static let modp1024: UInt16 = 2
            public static let modp1536: UInt16 = 5
            public static let modp2048: UInt16 = 14
        }

        public enum LifeType {
            public static let seconds: UInt16 = 1
            public static let kilobytes: UInt16 = 2
        }
    }

    public enum IPsec {
        /// Values as `IKE.LifeType`.
        public static let saLifeType: UInt16 = 1
        public static let saLifeDuration: UInt16 = 2
        /// PFS group, values as `IKE.Group`.
        public static let groupDescription: UInt16 = 3
        public static let encapsulationMode: UInt16 = 4
        public static let authenticationAlgorithm: UInt16 = 5
        public static let keyLength: UInt16 = 6

        public enum EncapsulationMode {
            public static let tunnel: UInt16 = 1
            public static let transport: UInt16 = 2
            /// RFC 3947.
            public static let udpEncapsulatedTunnel: UInt16 = 3
            public static let udpEncapsulatedTransport: UInt16 = 4
            /// draft-ietf-ipsec-nat-t-ike-00..03 peers use these private-use values.
            public static let udpEncapsulatedTunnelDraft: UInt16 = 61443
            public static let udpEncapsulatedTransportDraft: UInt16 = 61444
        }

        public enum AuthenticationAlgorithm {
            public static let hmacMD5: UInt16 = 1
            public static let hmacSHA: UInt16 = 2
            public static let hmacSHA2_256: UInt16 = 5
        }
    }
}
