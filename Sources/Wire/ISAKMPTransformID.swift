/// Transform IDs: `IKE` in ISAKMP proposals (RFC 2407 4.4.2), `ESP` in ESP proposals (RFC 2407 4.4.4).
public enum ISAKMPTransformID {
    public enum IKE {
        public static let keyIKE: UInt8 = 1
    }

    public enum ESP {
        public static let tripleDES: UInt8 = 3
        /// AES-CBC (RFC 3602), key length given by the key length attribute.
        public static let aes: UInt8 = 12
    }
}
