import IPsec
import Wire

/// Main Mode and Aggressive Mode with pre-shared keys (RFC 2409 5.4), NAT-D and floating (RFC 3947).
extension IKEEngine {
    static let nonceLength = 16
    /// Responder phase 1 negotiations in progress at once, at most.
    static let maxHalfOpen = 64

    // MARK: Initiator

    func startPhase1(_ policy: IKEPeerPolicy) {
        guard let remote = policy.remoteAddress, let first = policy.phase1.first else { return }
        let sa = Phase1SA(
            role: .initiator, aggressive: policy.usesAggressiveMode, policy: policy, initiatorCookie: randomCookie(),
            local: policy.localAddress, remote: remote)
        phase1s[sa.initiatorCookie] = sa
        let transforms = policy.phase1.enumerated().map { $0.element.transform(number: UInt8($0.offset + 1)) }
        let saBody = SecurityAssociationPayload(proposals: [
            ISAKMPProposal(number: 1, protocolID: ISAKMPProtocolID.isakmp, spi: [], transforms: transforms)
        ]).body
        sa.initiatorSABody = saBody
        log("[IKE] initiate ISAKMP phase to \(remote) (local address \(policy.localAddress))")
        if sa.aggressive {
            // One group only: the KE is sent before the responder chooses.
            sa.proposal = first
            let dh = DiffieHellman(group: first.group, random: &random)
            sa.diffieHellman = dh
            sa.initiatorPublic = dh.publicValue
            sa.initiatorNonce = randomBytes(Self.nonceLength)
            let identity = policy.localName ?? IKEIdentity(address: policy.localAddress)
            sa.localIdentityBody = identity.payload.body
            sendPlain(sa, exchange: .aggressive, [
                ISAKMPPayload(type: .securityAssociation, body: saBody),
                ISAKMPPayload(type: .keyExchange, body: sa.initiatorPublic),
                ISAKMPPayload(type: .nonce, body: sa.initiatorNonce),
                ISAKMPPayload(type: .identification, body: sa.localIdentityBody),
            ] + ownVendorIDs(policy))
        } else {
            sendPlain(sa, exchange: .identityProtection, [ISAKMPPayload(type: .securityAssociation, body: saBody)] + ownVendorIDs(policy))
        }
        armRetransmission(sa)
    }

    /// Vendor IDs: NAT-T (RFC 3947 and the drafts strongSwan and RTX know) when enabled, DPD when used.
    func ownVendorIDs(_ policy: IKEPeerPolicy) -> [ISAKMPPayload] {
        var ids: [[UInt8]] = []
        if policy.natTraversal { ids += [ISAKMPVendorID.natTraversalRFC3947, ISAKMPVendorID.natTraversalDraft02, ISAKMPVendorID.natTraversalDraft02Newline] }
        if case .dpd = policy.keepalive { ids.append(ISAKMPVendorID.deadPeerDetection) }
        return ids.map { ISAKMPPayload(type: .vendorID, body: $0) }
    }

    func noteVendorIDs(_ sa: Phase1SA, _ payloads: [ISAKMPPayload]) {
        for payload in payloads where payload.type == .vendorID {
            if ISAKMPVendorID.isNATTraversal(payload.body) { sa.peerSupportsNATT = true }
            if payload.body == ISAKMPVendorID.deadPeerDetection { sa.peerSupportsDPD = true }
        }
    }

    func armRetransmission(_ sa: Phase1SA) {
        sa.retransmissions = 0
        sa.retransmitAt = now + Self.retransmitInterval
    }

    // MARK: Responder, first message

    func respondToPhase1(_ packet: ReceivedMessage) {
        let message: ISAKMPMessage
        do {
            message = try ISAKMPMessage(parsing: packet.bytes)
        } catch {
            outputs.append(.dropped(error))
            return
        }
        let source = packet.datagram.source
        let aggressive = packet.header.exchangeType == .aggressive
        let peerIdentity = message.payloads.first { $0.type == .identification }
            .flatMap { try? IdentificationPayload(body: $0.body) }.flatMap(IKEIdentity.init)
        guard let policy = responderPolicy(source: source, aggressive: aggressive, identity: peerIdentity) else {
            log("[IKE] no gateway for ISAKMP phase from \(source)")
            outputs.append(.dropped(.ikeNoGateway))
            return
        }
        // Spoofed first messages cost no more than this many half-open SAs, each gone after its timeout.
        guard phase1s.values.lazy.filter({ $0.role == .responder && !$0.isEstablished }).count < Self.maxHalfOpen else {
            outputs.append(.dropped(.ikeTooManyHalfOpen))
            return
        }
        guard let saPayload = message.payloads.first(where: { $0.type == .securityAssociation }),
            let offered = try? SecurityAssociationPayload(body: saPayload.body),
            let proposal = offered.proposals.first(where: { $0.protocolID == ISAKMPProtocolID.isakmp }),
            let (transform, chosen) = proposal.transforms.lazy.compactMap({ t in Phase1Proposal(transform: t).map { (t, $0) } }).first
        else {
            log("[IKE] no proposal chosen for ISAKMP phase from \(source)")
            sendNotification(to: packet, type: ISAKMPNotifyType.noProposalChosen)
            outputs.append(.dropped(.ikeNoProposalChosen))
            return
        }
        let sa = Phase1SA(
            role: .responder, aggressive: aggressive, policy: policy, initiatorCookie: packet.header.initiatorCookie,
            local: packet.datagram.destination, remote: source)
        sa.localPort = packet.datagram.destinationPort
        sa.remotePort = packet.datagram.sourcePort
        sa.responderCookie = randomCookie()
        sa.proposal = chosen
        sa.initiatorSABody = saPayload.body
        sa.lastReceived = packet.bytes
        noteVendorIDs(sa, message.payloads)
        phase1s[sa.initiatorCookie] = sa
        log("[IKE] respond ISAKMP phase to \(source)")
        let reply = SecurityAssociationPayload(proposals: [
            ISAKMPProposal(number: proposal.number, protocolID: ISAKMPProtocolID.isakmp, spi: [], transforms: [transform])
        ])
        var payloads = [ISAKMPPayload(type: .securityAssociation, body: reply.body)]
        if aggressive {
            guard let ke = message.payloads.first(where: { $0.type == .keyExchange }),
                let nonce = message.payloads.first(where: { $0.type == .nonce }),
                let identity = message.payloads.first(where: { $0.type == .identification }),
                deriveKeys(sa, peerPublic: ke.body, peerNonce: nonce.body)
            else { return abandon(sa, .ikeUnexpectedMessage) }
            sa.peerIdentity = peerIdentity
            sa.peerIdentityBody = identity.body
            let own = policy.localName ?? IKEIdentity(address: sa.local)
            sa.localIdentityBody = own.payload.body
            payloads += [
                ISAKMPPayload(type: .keyExchange, body: sa.responderPublic),
                ISAKMPPayload(type: .nonce, body: sa.responderNonce),
                ISAKMPPayload(type: .identification, body: sa.localIdentityBody),
                ISAKMPPayload(type: .hash, body: authenticationHash(sa, ofInitiator: false)),
            ]
            payloads += natDetectionPayloads(sa)
        }
        payloads += ownVendorIDs(policy).filter { !policy.natTraversal || sa.peerSupportsNATT || !ISAKMPVendorID.isNATTraversal($0.body) }
        sendPlain(sa, exchange: packet.header.exchangeType, payloads)
        sa.retransmitAt = now + Self.retransmitInterval * (Self.maxRetransmissions + 1)
    }

    /// Main Mode finds the gateway by the sender's address; Aggressive Mode by the identity it sends.
    func responderPolicy(source: IPv4Address, aggressive: Bool, identity: IKEIdentity?) -> IKEPeerPolicy? {
        let candidates = policies.values.sorted { $0.gateway < $1.gateway }
        if aggressive, let identity {
            if let named = candidates.first(where: { $0.remoteName.map { $0.data == identity.data } ?? false }) { return named }
        }
        return candidates.first { $0.remoteAddress == source } ?? candidates.first { $0.remote == .any }
    }

    // MARK: Later phase 1 messages

    func handlePhase1(_ sa: Phase1SA, _ packet: ReceivedMessage) {
        if isRetransmission(packet.bytes, lastReceived: sa.lastReceived, lastSent: sa.lastSent, sa: sa) { return }
        if packet.header.flags.contains(.encryption) {
            handleEncryptedPhase1(sa, packet)
            return
        }
        let payloads: [ISAKMPPayload]
        do {
            payloads = try ISAKMPMessage(parsing: packet.bytes).payloads
        } catch {
            outputs.append(.dropped(error))
            return
        }
        func payload(_ type: ISAKMPPayloadType) -> [UInt8]? { payloads.first { $0.type == type }?.body }
        switch sa.state {
        case .sentSA:
            guard let saBody = payload(.securityAssociation), let chosen = chosenProposal(saBody, sa: sa) else {
                return abandon(sa, .ikeNoProposalChosen, log: "[IKE] no proposal chosen by \(sa.remote)")
            }
            sa.responderCookie = packet.header.responderCookie
            sa.proposal = chosen
            noteVendorIDs(sa, payloads)
            let dh = DiffieHellman(group: chosen.group, random: &random)
            sa.diffieHellman = dh
            sa.initiatorPublic = dh.publicValue
            sa.initiatorNonce = randomBytes(Self.nonceLength)
            sa.lastReceived = packet.bytes
            sa.state = .sentKeyExchange
            sendPlain(sa, exchange: .identityProtection, [
                ISAKMPPayload(type: .keyExchange, body: sa.initiatorPublic),
                ISAKMPPayload(type: .nonce, body: sa.initiatorNonce),
            ] + natDetectionPayloads(sa))
            armRetransmission(sa)
        case .sentSAReply:
            guard let ke = payload(.keyExchange), let nonce = payload(.nonce), deriveKeys(sa, peerPublic: ke, peerNonce: nonce) else {
                return abandon(sa, .ikeUnexpectedMessage)
            }
            checkNATDetection(sa, payloads, packet.datagram)
            sa.lastReceived = packet.bytes
            sa.state = .sentKeyExchangeReply
            sendPlain(sa, exchange: .identityProtection, [
                ISAKMPPayload(type: .keyExchange, body: sa.responderPublic),
                ISAKMPPayload(type: .nonce, body: sa.responderNonce),
            ] + natDetectionPayloads(sa))
        case .sentKeyExchange:
            guard let ke = payload(.keyExchange), let nonce = payload(.nonce), deriveKeys(sa, peerPublic: ke, peerNonce: nonce) else {
                return abandon(sa, .ikeUnexpectedMessage)
            }
            checkNATDetection(sa, payloads, packet.datagram)
            sa.lastReceived = packet.bytes
            floatIfBehindNAT(sa)
            sa.state = .sentIdentity
            sendIdentity(sa)
            armRetransmission(sa)
        case .sentAggressive:
            guard let saBody = payload(.securityAssociation), let chosen = chosenProposal(saBody, sa: sa), chosen.group == sa.proposal?.group,
                let ke = payload(.keyExchange), let nonce = payload(.nonce), let identity = payload(.identification),
                let hash = payload(.hash)
            else { return abandon(sa, .ikeUnexpectedMessage) }
            sa.responderCookie = packet.header.responderCookie
            sa.proposal = chosen
            noteVendorIDs(sa, payloads)
            guard deriveKeys(sa, peerPublic: ke, peerNonce: nonce) else { return abandon(sa, .ikeUnexpectedMessage) }
            sa.peerIdentityBody = identity
            sa.peerIdentity = (try? IdentificationPayload(body: identity)).flatMap(IKEIdentity.init)
            guard constantTimeEqual(hash, authenticationHash(sa, ofInitiator: false)) else {
                return abandon(sa, .ikeBadHash, log: "[IKE] authentication failed with \(sa.remote): check the pre-shared key")
            }
            checkNATDetection(sa, payloads, packet.datagram)
            sa.lastReceived = packet.bytes
            floatIfBehindNAT(sa)
            sendPlain(sa, exchange: .aggressive, [ISAKMPPayload(type: .hash, body: authenticationHash(sa, ofInitiator: true))] + natDetectionPayloads(sa))
            establish(sa)
        case .sentAggressiveReply:
            guard let hash = payload(.hash) else { return abandon(sa, .ikeUnexpectedMessage) }
            finishResponder(sa, hash: hash, packet: packet, payloads: payloads)
        case .sentKeyExchangeReply, .sentIdentity, .established:
            outputs.append(.dropped(.ikeUnexpectedMessage))
        }
    }

    /// Main Mode messages 5 and 6 (and an encrypted Aggressive Mode message 3).
    private func handleEncryptedPhase1(_ sa: Phase1SA, _ packet: ReceivedMessage) {
        var iv = sa.iv
        guard sa.state == .sentKeyExchangeReply || sa.state == .sentIdentity || sa.state == .sentAggressiveReply else {
            outputs.append(.dropped(.ikeUnexpectedMessage))
            return
        }
        guard let payloads = decrypt(sa, packet, iv: &iv) else {
            return abandon(sa, nil, log: "[IKE] cannot decrypt ISAKMP message from \(sa.remote): check the pre-shared key")
        }
        guard let hash = payloads.first(where: { $0.type == .hash })?.body else { return abandon(sa, .ikeUnexpectedMessage) }
        sa.iv = iv
        if sa.state == .sentAggressiveReply {
            finishResponder(sa, hash: hash, packet: packet, payloads: payloads)
            return
        }
        guard let identity = payloads.first(where: { $0.type == .identification })?.body else {
            return abandon(sa, .ikeUnexpectedMessage)
        }
        sa.peerIdentityBody = identity
        sa.peerIdentity = (try? IdentificationPayload(body: identity)).flatMap(IKEIdentity.init)
        if sa.state == .sentIdentity {
            guard constantTimeEqual(hash, authenticationHash(sa, ofInitiator: false)) else {
                return abandon(sa, .ikeBadHash, log: "[IKE] authentication failed with \(sa.remote): check the pre-shared key")
            }
            sa.lastReceived = packet.bytes
            establish(sa)
            return
        }
        // Responder, message 5: the peer may have floated to 4500 through a NAT.
        sa.remote = packet.datagram.source
        sa.remotePort = packet.datagram.sourcePort
        sa.localPort = packet.datagram.destinationPort
        finishResponder(sa, hash: hash, packet: packet, payloads: payloads)
    }

    private func finishResponder(_ sa: Phase1SA, hash: [UInt8], packet: ReceivedMessage, payloads: [ISAKMPPayload]) {
        guard constantTimeEqual(hash, authenticationHash(sa, ofInitiator: true)) else {
            return abandon(sa, .ikeBadHash, log: "[IKE] authentication failed with \(sa.remote): check the pre-shared key")
        }
        sa.lastReceived = packet.bytes
        if sa.aggressive {
            checkNATDetection(sa, payloads, packet.datagram)
            sa.remote = packet.datagram.source
            sa.remotePort = packet.datagram.sourcePort
            sa.localPort = packet.datagram.destinationPort
            establish(sa)
            return
        }
        sendIdentity(sa)
        establish(sa)
    }

    /// Main Mode message 5 or 6: our ID and our HASH, the first encrypted message of each side.
    private func sendIdentity(_ sa: Phase1SA) {
        sa.localIdentityBody = IKEIdentity(address: sa.local).payload.body
        var iv = sa.iv
        guard let message = encrypt(sa, exchange: .identityProtection, messageID: 0, [
            ISAKMPPayload(type: .identification, body: sa.localIdentityBody),
            ISAKMPPayload(type: .hash, body: authenticationHash(sa, ofInitiator: sa.role == .initiator)),
        ], iv: &iv) else { return }
        sa.iv = iv
        sa.lastSent = message
        transmit(sa, message)
    }

    // MARK: Keys, hashes, NAT-D

    /// The responder's (or an initiator's accepted) transform, if it is one SoftRTX can do.
    private func chosenProposal(_ body: [UInt8], sa: Phase1SA) -> Phase1Proposal? {
        guard let payload = try? SecurityAssociationPayload(body: body), let proposal = payload.proposals.first,
            let transform = proposal.transforms.first
        else { return nil }
        return Phase1Proposal(transform: transform)
    }

    /// Makes our DH value and nonce if not yet made, then SKEYID and the rest. False for a bad peer value.
    func deriveKeys(_ sa: Phase1SA, peerPublic: [UInt8], peerNonce: [UInt8]) -> Bool {
        guard let proposal = sa.proposal, (8...256).contains(peerNonce.count) else { return false }
        let dh = sa.diffieHellman ?? DiffieHellman(group: proposal.group, random: &random)
        sa.diffieHellman = dh
        guard let shared = dh.sharedSecret(peerPublic: peerPublic) else { return false }
        let paddedPeer = [UInt8](repeating: 0, count: max(0, proposal.group.byteCount - peerPublic.count)) + peerPublic
        if sa.role == .initiator {
            sa.responderPublic = paddedPeer
            sa.responderNonce = peerNonce
        } else {
            sa.initiatorPublic = paddedPeer
            sa.initiatorNonce = peerNonce
            sa.responderPublic = dh.publicValue
            sa.responderNonce = randomBytes(Self.nonceLength)
        }
        let keys = Phase1Keys(
            proposal: proposal, preSharedKey: sa.policy.preSharedKey, initiatorNonce: sa.initiatorNonce,
            responderNonce: sa.responderNonce, sharedSecret: shared, initiatorPublic: sa.initiatorPublic,
            responderPublic: sa.responderPublic, initiatorCookie: sa.initiatorCookie, responderCookie: sa.responderCookie)
        sa.keys = keys
        sa.iv = keys.initialIV
        return true
    }

    /// HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b); HASH_R swaps the DH values, the
    /// cookies and takes the responder's ID.
    func authenticationHash(_ sa: Phase1SA, ofInitiator: Bool) -> [UInt8] {
        guard let keys = sa.keys, let proposal = sa.proposal else { return [] }
        let ownSide = (sa.role == .initiator) == ofInitiator
        let identity = ownSide ? sa.localIdentityBody : sa.peerIdentityBody
        let i = sa.initiatorCookie.bigEndianBytes, r = sa.responderCookie.bigEndianBytes
        return ofInitiator
            ? proposal.hash.prf(key: keys.skeyid, sa.initiatorPublic, sa.responderPublic, i, r, sa.initiatorSABody, identity)
            : proposal.hash.prf(key: keys.skeyid, sa.responderPublic, sa.initiatorPublic, r, i, sa.initiatorSABody, identity)
    }

    /// NAT-D: hash of the peer's then our own address and port, when both sides do NAT-T.
    func natDetectionPayloads(_ sa: Phase1SA) -> [ISAKMPPayload] {
        guard sa.policy.natTraversal, sa.peerSupportsNATT, let proposal = sa.proposal else { return [] }
        return [(sa.remote, sa.remotePort), (sa.local, sa.localPort)].map { address, port in
            ISAKMPPayload(type: .natD, body: proposal.hash.hash(sa.cookies + address.bytes + [UInt8(port >> 8), UInt8(port & 0xFF)]))
        }
    }

    /// The first NAT-D names us as the peer saw us; the others name the peer. A mismatch means a NAT.
    private func checkNATDetection(_ sa: Phase1SA, _ payloads: [ISAKMPPayload], _ datagram: IKEDatagram) {
        guard sa.policy.natTraversal, sa.peerSupportsNATT, let proposal = sa.proposal else { return }
        let hashes = payloads.filter { $0.type == .natD || $0.type == .natDDraft }.map(\.body)
        guard let ours = hashes.first else { return }
        func digest(_ address: IPv4Address, _ port: UInt16) -> [UInt8] {
            proposal.hash.hash(sa.cookies + address.bytes + [UInt8(port >> 8), UInt8(port & 0xFF)])
        }
        let weAreNATed = ours != digest(datagram.destination, datagram.destinationPort)
        let peerIsNATed = !hashes.dropFirst().contains(digest(datagram.source, datagram.sourcePort))
        sa.natDetected = weAreNATed || peerIsNATed
        sa.behindNAT = weAreNATed
    }

    /// RFC 3947: once a NAT is found, the initiator moves to 4500 from message 5 on.
    private func floatIfBehindNAT(_ sa: Phase1SA) {
        guard sa.natDetected else { return }
        sa.localPort = IKEDatagram.natTraversalPort
        sa.remotePort = IKEDatagram.natTraversalPort
    }

    func establish(_ sa: Phase1SA) {
        guard let proposal = sa.proposal, let keys = sa.keys else { return }
        sa.state = .established
        sa.retransmitAt = nil
        sa.number = allocateNumber()
        sa.established = now
        sa.expires = now + .seconds(proposal.lifetime)
        if sa.role == .initiator && sa.policy.initiates {
            sa.rekeyAt = now + .seconds(proposal.lifetime) * Self.rekeyShare
        }
        sa.keepalive = KeepaliveState(lastHeard: now)
        startKeepalive(sa)
        if sa.behindNAT && nextNATKeepalive == nil { nextNATKeepalive = now + Self.natKeepaliveInterval }
        // Unquoted: tshark 4.0 reads a quoted cookie as 16 characters and refuses the table.
        outputs.append(.keyLog("\(sa.initiatorCookie.bigEndianBytes.hexText()),\(keys.encryptionKey.hexText())"))
        for old in phase1s.values where old !== sa && old.policy.gateway == sa.policy.gateway && old.superseded && old.isEstablished {
            deletePhase1(old, notify: true)
        }
        if sa.policy.initiates { ensureChild(gateway: sa.policy.gateway) }
        removeDuplicatePhase1s(gateway: sa.policy.gateway)
    }

    /// Drops a phase 1 negotiation that cannot go on; auto refresh tries again later.
    func abandon(_ sa: Phase1SA, _ reason: DropReason?, log line: String? = nil) {
        if let reason { outputs.append(.dropped(reason)) }
        if let line { log(line) }
        phase1s[sa.initiatorCookie] = nil
        if sa.policy.initiates, policies[sa.policy.gateway] == sa.policy, initiateAt[sa.policy.gateway] == nil {
            initiateAt[sa.policy.gateway] = now + Self.retryInterval
        }
    }

    /// A plaintext informational notify to the sender of `packet` (no ISAKMP SA exists yet).
    func sendNotification(to packet: ReceivedMessage, type: ISAKMPNotifyType) {
        let notify = NotificationPayload(doi: 1, protocolID: ISAKMPProtocolID.isakmp, spi: [], messageType: type.rawValue, data: [])
        let header = ISAKMPHeader(
            initiatorCookie: packet.header.initiatorCookie, responderCookie: 0, nextPayload: .notification,
            exchangeType: .informational, flags: [], messageID: 0)
        let message = ISAKMPMessage(header: header, payloads: [ISAKMPPayload(type: .notification, body: notify.body)]).bytes
        let d = packet.datagram
        send(message, from: d.destination, d.destinationPort, to: d.source, d.sourcePort)
    }
}

/// Compares MACs without an early exit, so timing tells an attacker nothing.
func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for index in a.indices { difference |= a[index] ^ b[index] }
    return difference == 0
}
