import IPsec
import Wire

/// The ESP transform of `ipsec sa policy POLICY GW esp ENC AUTH`, with `ipsec ike duration ipsec-sa`.
public struct Phase2Proposal: Equatable, Sendable {
    public var encryption: CipherAlgorithm
    public var integrity: IntegrityAlgorithm
    /// Seconds.
    public var lifetime: Int
    public var mode: IPsecMode

    public init(encryption: CipherAlgorithm, integrity: IntegrityAlgorithm, lifetime: Int, mode: IPsecMode) {
        self.encryption = encryption
        self.integrity = integrity
        self.lifetime = lifetime
        self.mode = mode
    }

    /// The ESP proposal carrying our inbound SPI. `udpEncapsulated` after NAT-T found a NAT (RFC 3947 modes 3/4).
    func proposal(spi: UInt32, udpEncapsulated: Bool) -> ISAKMPProposal {
        var attributes: [ISAKMPAttribute] = [
            ISAKMPAttribute(type: ISAKMPAttributeType.IPsec.saLifeType, value: .basic(ISAKMPAttributeType.IKE.LifeType.seconds)),
            ISAKMPAttribute.duration(type: ISAKMPAttributeType.IPsec.saLifeDuration, seconds: lifetime),
            ISAKMPAttribute(type: ISAKMPAttributeType.IPsec.encapsulationMode, value: .basic(Self.encapsulationValue(mode, udpEncapsulated))),
            ISAKMPAttribute(type: ISAKMPAttributeType.IPsec.authenticationAlgorithm, value: .basic(integrity.ikeAuthenticationID)),
        ]
        if let bits = encryption.ikeKeyLengthBits {
            attributes.append(ISAKMPAttribute(type: ISAKMPAttributeType.IPsec.keyLength, value: .basic(bits)))
        }
        let transform = ISAKMPTransform(number: 1, transformID: encryption.espTransformID, attributes: attributes)
        return ISAKMPProposal(number: 1, protocolID: ISAKMPProtocolID.esp, spi: spi.bigEndianBytes, transforms: [transform])
    }

    /// RFC 2407 modes 1/2, RFC 3947 UDP-encapsulated 3/4.
    static func encapsulationValue(_ mode: IPsecMode, _ udpEncapsulated: Bool) -> UInt16 {
        switch (mode, udpEncapsulated) {
        case (.tunnel, false): 1
        case (.transport, false): 2
        case (.tunnel, true): 3
        case (.transport, true): 4
        }
    }

    /// A transform a responder accepts: any supported algorithm, its own lifetime if shorter.
    /// Returns the proposal and whether the peer asked for UDP encapsulation (RFC 3947 or draft values).
    init?(transform: ISAKMPTransform, lifetimeLimit: Int) {
        var integrity: IntegrityAlgorithm?, keyBits: UInt16?, lifetime = 28_800, seconds = true
        var mode: IPsecMode = .tunnel
        for attribute in transform.attributes {
            guard let value = attribute.integerValue else { return nil }
            switch attribute.type {
            case ISAKMPAttributeType.IPsec.saLifeType: seconds = value == 1
            case ISAKMPAttributeType.IPsec.saLifeDuration: if seconds { lifetime = Int(clamping: value) }
            case ISAKMPAttributeType.IPsec.encapsulationMode:
                switch value {
                case 1, 3, 61443: mode = .tunnel
                case 2, 4, 61444: mode = .transport
                default: return nil
                }
            case ISAKMPAttributeType.IPsec.authenticationAlgorithm: integrity = IntegrityAlgorithm(ikeAuthenticationID: UInt16(truncatingIfNeeded: value))
            case ISAKMPAttributeType.IPsec.keyLength: keyBits = UInt16(truncatingIfNeeded: value)
            case ISAKMPAttributeType.IKE.groupDescription: return nil  // PFS is not offered by this side
            default: continue
            }
        }
        guard let integrity, let encryption = CipherAlgorithm(espTransformID: transform.transformID, keyLengthBits: keyBits) else {
            return nil
        }
        self.init(encryption: encryption, integrity: integrity, lifetime: min(lifetime, lifetimeLimit), mode: mode)
    }
}

extension IntegrityAlgorithm {
    /// RFC 2407 4.5 authentication algorithm values.
    var ikeAuthenticationID: UInt16 {
        switch self {
        case .hmacMD5_96: 1
        case .hmacSHA1_96: 2
        case .hmacSHA256_128: 5
        }
    }

    init?(ikeAuthenticationID: UInt16) {
        switch ikeAuthenticationID {
        case 1: self = .hmacMD5_96
        case 2: self = .hmacSHA1_96
        case 5: self = .hmacSHA256_128
        default: return nil
        }
    }
}

extension UInt32 {
    var bigEndianBytes: [UInt8] { [UInt8(self >> 24), UInt8(truncatingIfNeeded: self >> 16), UInt8(truncatingIfNeeded: self >> 8), UInt8(truncatingIfNeeded: self)] }

    init?(bigEndianBytes bytes: [UInt8]) {
        guard bytes.count == 4 else { return nil }
        self = bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }
}
