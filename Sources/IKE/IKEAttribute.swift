/// IKEv1 attribute types and values (RFC 2409 appendix A, RFC 2407 4.5, RFC 3947), as the engine uses them.
enum IKEAttribute {
    // Phase 1 (ISAKMP SA) attribute classes.
    static let encryptionAlgorithm: UInt16 = 1
    static let hashAlgorithm: UInt16 = 2
    static let authenticationMethod: UInt16 = 3
    static let groupDescription: UInt16 = 4
    static let lifeType: UInt16 = 11
    static let lifeDuration: UInt16 = 12
    static let keyLength: UInt16 = 14
    static let preSharedKey: UInt16 = 1
    static let lifeTypeSeconds: UInt16 = 1
    static let keyIKE: UInt8 = 1

    // Phase 2 (IPsec DOI) attribute classes.
    static let saLifeType: UInt16 = 1
    static let saLifeDuration: UInt16 = 2
    static let encapsulationMode: UInt16 = 4
    static let authenticationAlgorithm: UInt16 = 5
    static let saKeyLength: UInt16 = 6

    static let protocolISAKMP: UInt8 = 1
    static let protocolESP: UInt8 = 3
}
