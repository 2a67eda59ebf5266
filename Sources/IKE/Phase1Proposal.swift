import IPsec
import Wire

/// One ISAKMP SA transform: `ipsec ike encryption/hash/group/duration isakmp-sa`, always pre-shared key.
public struct Phase1Proposal: Equatable, Sendable {
    public var encryption: CipherAlgorithm
    public var hash: IKEHashAlgorithm
    public var group: DiffieHellmanGroup
    /// Seconds.
    public var lifetime: Int

    public init(encryption: CipherAlgorithm, hash: IKEHashAlgorithm, group: DiffieHellmanGroup, lifetime: Int) {
        self.encryption = encryption
        self.hash = hash
        self.group = group
        self.lifetime = lifetime
    }

    func transform(number: UInt8) -> ISAKMPTransform {
        var attributes: [ISAKMPAttribute] = [
            ISAKMPAttribute(type: ISAKMPAttributeType.IKE.encryptionAlgorithm, value: .basic(encryption.ikeEncryptionID))
        ]
        if let bits = encryption.ikeKeyLengthBits {
            attributes.append(ISAKMPAttribute(type: ISAKMPAttributeType.IKE.keyLength, value: .basic(bits)))
        }
        attributes += [
            ISAKMPAttribute(type: ISAKMPAttributeType.IKE.hashAlgorithm, value: .basic(hash.rawValue)),
            ISAKMPAttribute(type: ISAKMPAttributeType.IKE.authenticationMethod, value: .basic(ISAKMPAttributeType.IKE.AuthenticationMethod.preSharedKey)),
            ISAKMPAttribute(type: ISAKMPAttributeType.IKE.groupDescription, value: .basic(group.rawValue)),
            ISAKMPAttribute(type: ISAKMPAttributeType.IKE.lifeType, value: .basic(ISAKMPAttributeType.IKE.LifeType.seconds)),
            ISAKMPAttribute.duration(type: ISAKMPAttributeType.IKE.lifeDuration, seconds: lifetime),
        ]
        return ISAKMPTransform(number: number, transformID: ISAKMPTransformID.IKE.keyIKE, attributes: attributes)
    }

    /// nil for a transform SoftRTX cannot do (another auth method, DES, an unknown attribute value).
    init?(transform: ISAKMPTransform) {
        var encryptionID: UInt16?, keyBits: UInt16?, hash: IKEHashAlgorithm?, group: DiffieHellmanGroup?
        var lifetime = 28_800, seconds = true
        for attribute in transform.attributes {
            guard let value = attribute.integerValue else { return nil }
            switch attribute.type {
            case ISAKMPAttributeType.IKE.encryptionAlgorithm: encryptionID = UInt16(truncatingIfNeeded: value)
            case ISAKMPAttributeType.IKE.keyLength: keyBits = UInt16(truncatingIfNeeded: value)
            case ISAKMPAttributeType.IKE.hashAlgorithm: hash = IKEHashAlgorithm(rawValue: UInt16(truncatingIfNeeded: value))
            case ISAKMPAttributeType.IKE.authenticationMethod: guard value == UInt64(ISAKMPAttributeType.IKE.AuthenticationMethod.preSharedKey) else { return nil }
            case ISAKMPAttributeType.IKE.groupDescription: group = DiffieHellmanGroup(rawValue: UInt16(truncatingIfNeeded: value))
            case ISAKMPAttributeType.IKE.lifeType: seconds = value == UInt64(ISAKMPAttributeType.IKE.LifeType.seconds)
            case ISAKMPAttributeType.IKE.lifeDuration: if seconds { lifetime = Int(clamping: value) }
            default: continue
            }
        }
        guard let encryptionID, let hash, let group,
            let encryption = CipherAlgorithm(ikeEncryptionID: encryptionID, keyLengthBits: keyBits)
        else { return nil }
        self.init(encryption: encryption, hash: hash, group: group, lifetime: lifetime)
    }
}

extension CipherAlgorithm {
    /// RFC 2409 appendix A encryption algorithm values.
    var ikeEncryptionID: UInt16 {
        switch self {
        case .tripleDESCBC: 5
        case .aes128CBC, .aes256CBC: 7
        }
    }

    /// RFC 2407 ESP transform IDs.
    var espTransformID: UInt8 {
        switch self {
        case .tripleDESCBC: 3
        case .aes128CBC, .aes256CBC: 12
        }
    }

    /// AES needs its key length said; 3DES has one length.
    var ikeKeyLengthBits: UInt16? {
        switch self {
        case .tripleDESCBC: nil
        case .aes128CBC: 128
        case .aes256CBC: 256
        }
    }

    init?(ikeEncryptionID: UInt16, keyLengthBits: UInt16?) {
        switch (ikeEncryptionID, keyLengthBits) {
        case (5, _): self = .tripleDESCBC
        case (7, 128), (7, nil): self = .aes128CBC
        case (7, 256): self = .aes256CBC
        default: return nil
        }
    }

    init?(espTransformID: UInt8, keyLengthBits: UInt16?) {
        switch espTransformID {
        case 3: self = .tripleDESCBC
        case 12: self.init(ikeEncryptionID: 7, keyLengthBits: keyLengthBits)
        default: return nil
        }
    }
}

extension ISAKMPAttribute {
    /// A life duration: basic when it fits 16 bits, else a 4-byte variable value.
    static func duration(type: UInt16, seconds: Int) -> ISAKMPAttribute {
        if seconds <= 0xFFFF { return ISAKMPAttribute(type: type, value: .basic(UInt16(seconds))) }
        let value = UInt32(clamping: seconds)
        return ISAKMPAttribute(type: type, value: .variable([UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]))
    }
}
