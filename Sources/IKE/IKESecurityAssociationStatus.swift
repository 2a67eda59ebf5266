import Wire

/// One row of `show ipsec sa`: an ISAKMP SA or one direction of an ESP SA.
public struct IKESecurityAssociationStatus: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case isakmp
        case esp(send: Bool, mode: IPsecModeName, policyID: Int)
    }

    public enum IPsecModeName: Equatable, Sendable { case transport, tunnel }

    public var number: Int
    public var gateway: Int
    /// On an ESP row, the number of the ISAKMP SA that negotiated it, if that SA still exists.
    public var isakmpNumber: Int?
    public var kind: Kind
    /// Seconds of life left.
    public var remaining: Int
    public var remote: IPv4Address
}

extension IKEEngine {
    /// Established SAs, by number.
    public func status(now: Duration) -> [IKESecurityAssociationStatus] {
        func seconds(_ until: Duration) -> Int { max(0, Int((until - now).components.seconds)) }
        var rows: [IKESecurityAssociationStatus] = []
        for sa in phase1s.values where sa.isEstablished {
            guard let number = sa.number, let expires = sa.expires else { continue }
            rows.append(.init(number: number, gateway: sa.policy.gateway, isakmpNumber: nil, kind: .isakmp, remaining: seconds(expires), remote: sa.remote))
        }
        for child in children {
            // A child outlives its ISAKMP SA in IKEv1; it is then shown under the gateway's current one.
            let parent = phase1s[child.isakmpCookie] ?? newestEstablished(gateway: child.gateway)
            let mode: IKESecurityAssociationStatus.IPsecModeName = child.proposal.mode == .transport ? .transport : .tunnel
            for send in [true, false] {
                rows.append(.init(
                    number: send ? child.sendNumber : child.receiveNumber, gateway: child.gateway, isakmpNumber: parent?.number,
                    kind: .esp(send: send, mode: mode, policyID: child.policyID), remaining: seconds(child.expires), remote: child.remoteAddress))
            }
        }
        return rows.sorted { $0.number < $1.number }
    }
}
