import IPsec
import Wire

/// One row of `show ipsec sa`: an ISAKMP SA or one direction of an ESP SA.
public struct IKESecurityAssociationStatus: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case isakmp
        case esp(send: Bool, mode: IPsecMode, policyID: Int)
    }

    public var number: Int
    public var gateway: Int
    /// On an ESP row, the number of the ISAKMP SA that negotiated it, if that SA still exists.
    public var isakmpNumber: Int?
    public var kind: Kind
    /// Seconds of life left.
    public var remaining: Int
    public var remote: IPv4Address
    public var local: IPv4Address
    /// Cookies (16 bytes) or the ESP SPI (4 bytes), as `show ipsec sa gateway N detail` prints them.
    public var spi: [UInt8]
    /// The algorithms, in RTX's words ("AES-CBC, SHA-1, MODP 1024bit" / "AES-CBC (for Auth.: HMAC-SHA)").
    public var algorithm: String
}

extension IKEEngine {
    /// Established SAs, by number.
    public func status(now: Duration) -> [IKESecurityAssociationStatus] {
        func seconds(_ until: Duration) -> Int { max(0, Int((until - now).components.seconds)) }
        var rows: [IKESecurityAssociationStatus] = []
        for sa in phase1s.values where sa.isEstablished {
            guard let number = sa.number, let expires = sa.expires else { continue }
            guard let proposal = sa.proposal else { continue }
            rows.append(.init(
                number: number, gateway: sa.policy.gateway, isakmpNumber: nil, kind: .isakmp, remaining: seconds(expires),
                remote: sa.remote, local: sa.local, spi: sa.cookies,
                algorithm: "\(proposal.encryption.rtxName), \(proposal.hash.rtxName), MODP \(proposal.group.byteCount * 8)bit"))
        }
        for child in children {
            // A child outlives its ISAKMP SA in IKEv1; it is then shown under the gateway's current one.
            let parent = phase1s[child.isakmpCookie] ?? newestEstablished(gateway: child.gateway)
            for send in [true, false] {
                rows.append(.init(
                    number: send ? child.sendNumber : child.receiveNumber, gateway: child.gateway, isakmpNumber: parent?.number,
                    kind: .esp(send: send, mode: child.proposal.mode, policyID: child.policyID), remaining: seconds(child.expires),
                    remote: child.remoteAddress, local: child.localAddress,
                    spi: (send ? child.outbound.spi : child.inbound.spi).bigEndianBytes,
                    algorithm: "\(child.proposal.encryption.rtxName) (for Auth.: \(child.proposal.integrity.rtxName))"))
            }
        }
        return rows.sorted { $0.number < $1.number }
    }
}

extension CipherAlgorithm {
    var rtxName: String {
        switch self {
        case .aes128CBC: "AES-CBC"
        case .aes256CBC: "AES256-CBC"
        case .tripleDESCBC: "3DES-CBC"
        }
    }
}

extension IntegrityAlgorithm {
    var rtxName: String {
        switch self {
        case .hmacSHA1_96: "HMAC-SHA"
        case .hmacMD5_96: "HMAC-MD5"
        case .hmacSHA256_128: "HMAC-SHA256"
        }
    }
}

extension IKEHashAlgorithm {
    var rtxName: String {
        switch self {
        case .md5: "MD5"
        case .sha1: "SHA-1"
        case .sha256: "SHA-256"
        }
    }
}
