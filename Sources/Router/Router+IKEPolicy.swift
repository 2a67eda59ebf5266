import Config
import IKE
import IPsec
import Wire

/// Turns the config's `ipsec ...` lines into what the IKE engine negotiates: one policy per security gateway
/// that an `ipsec sa policy` names and whose pre-shared key and remote address are set.
extension Router {
    func ikePolicies(_ config: Config) -> [IKEPeerPolicy] {
        var policies: [IKEPeerPolicy] = []
        for (policyID, saPolicy) in config.ipsecSAPolicies.sorted(by: { $0.key < $1.key }) {
            // The config and IPsec name algorithms alike ("aes-cbc", "sha-hmac"); des-cbc has no CipherAlgorithm, as
            // SoftRTX does not negotiate it (OpenSSL 3 keeps DES in its legacy provider).
            guard let encryption = saPolicy.effectiveEncryption, let cipher = CipherAlgorithm(rawValue: encryption.rawValue),
                let integrity = IntegrityAlgorithm(rawValue: saPolicy.effectiveAuthentication.rawValue),
                let gateway = config.ikeGateways[saPolicy.gateway], let key = gateway.preSharedKey,
                // A host name stands for its address; until DNS gives one the gateway has no policy.
                let remoteAddress = gateway.remoteAddress ?? gateway.remoteHostName.flatMap(resolvedAddress).map(IKEGateway.RemoteAddress.address),
                !policies.contains(where: { $0.gateway == saPolicy.gateway })
            else { continue }
            let remote: IKEPeerPolicy.Remote
            let local: IPv4Address?
            switch remoteAddress {
            case .address(let address):
                remote = .address(address)
                local = gateway.localAddress ?? sourceAddress(toward: address)
            case .any:
                remote = .any
                local = gateway.localAddress ?? interfaces.values.compactMap { $0.address?.address }.min()
            }
            guard let local else { continue }
            let transport = config.ipsecTransports.sorted { $0.key < $1.key }.first { $0.value.policy == policyID }?.value
            let selector = transport.flatMap { t -> IKEPeerPolicy.Selector? in
                guard let proto = t.proto?.number else { return nil }
                let port: UInt16? =
                    switch t.destinationPort ?? t.sourcePort {
                    case .number(let number): number
                    default: nil
                    }
                return IKEPeerPolicy.Selector(ipProtocol: proto, port: port)
            }
            let phase1 = ([gateway.effectiveGroup] + [gateway.group?.second].compactMap { $0 }).map { group in
                Phase1Proposal(
                    encryption: CipherAlgorithm(rawValue: gateway.effectiveEncryption.rawValue) ?? .tripleDESCBC, hash: IKEHashAlgorithm(gateway.effectiveHash),
                    group: DiffieHellmanGroup(group), lifetime: gateway.effectiveISAKMPSADuration)
            }
            let phase2 = Phase2Proposal(
                encryption: cipher, integrity: integrity,
                lifetime: gateway.effectiveIPsecSADuration, mode: transport == nil ? .tunnel : .transport)
            policies.append(IKEPeerPolicy(
                gateway: saPolicy.gateway, policyID: policyID, localAddress: local, remote: remote,
                preSharedKey: Array(key.utf8), phase1: phase1, phase2: phase2, selector: selector,
                initiates: config.effectiveIPsecAutoRefresh && remote != .any, natTraversal: gateway.effectiveNATTraversal,
                keepalive: keepalive(gateway), keepaliveLog: gateway.effectiveKeepaliveLog,
                localName: gateway.localName.map(IKEIdentity.init), remoteName: gateway.remoteName.map(IKEIdentity.init)))
        }
        return policies
    }

    /// `on` sends keepalives; `auto` (the default) only answers, which the engine always does for DPD.
    private func keepalive(_ gateway: IKEGateway) -> IKEPeerPolicy.Keepalive? {
        guard gateway.effectiveKeepaliveMode == .on else { return nil }
        let interval = gateway.effectiveKeepaliveInterval, count = gateway.effectiveKeepaliveCount
        switch gateway.effectiveKeepaliveMethod {
        case .heartbeat: return .heartbeat(interval: interval, count: count)
        case .dpd: return .dpd(interval: interval, count: count)
        case .icmpEcho: return nil
        }
    }
}

extension IKEHashAlgorithm {
    init(_ hash: IKEGateway.Hash) {
        switch hash {
        case .md5: self = .md5
        case .sha: self = .sha1
        case .sha256: self = .sha256
        }
    }
}

extension DiffieHellmanGroup {
    init(_ group: IKEGateway.Group) {
        switch group {
        case .modp768: self = .modp768
        case .modp1024: self = .modp1024
        case .modp1536: self = .modp1536
        case .modp2048: self = .modp2048
        }
    }
}

extension IKEIdentity {
    init(_ name: IKEGateway.Name) {
        let kind: Kind =
            switch name.kind {
            case .ipv4Address: .ipv4Address
            case .fqdn, nil: .fqdn
            case .userFQDN: .userFQDN
            case .keyID: .keyID
            }
        if kind == .ipv4Address, let address = IPv4Address(name.name) {
            self.init(address: address)
        } else {
            self.init(kind: kind, name: name.name)
        }
    }
}
