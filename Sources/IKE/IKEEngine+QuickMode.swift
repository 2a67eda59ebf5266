import IPsec
import Wire

/// Quick Mode without PFS (RFC 2409 5.5): one ESP SA pair per exchange, in the policy's mode.
extension IKEEngine {
    /// Keeps a reply around this long after an exchange ends, to answer a retransmitted request.
    static let finishedExchangeMemory: Duration = .seconds(30)
    /// RTX cuts what is left of a renewed pair's life to this.
    static let replacedChildGrace: Duration = .seconds(30)
    /// ESP SA pairs held per peer: the current pair, one being replaced, and room for both sides
    /// rekeying at once. Beyond it the oldest pair goes, so a peer (authenticated, but perhaps
    /// broken or hostile) cannot pile up SAs with quick mode after quick mode.
    static let maxChildrenPerGateway = 4

    /// Starts negotiating whatever `ipsec auto refresh` lacks for the gateway: phase 1, then Quick Mode.
    func ensureNegotiation(gateway: Int) {
        guard let policy = policies[gateway], policy.initiates else { return }
        let ours = phase1s.values.filter { $0.policy.gateway == gateway && !$0.superseded }
        if ours.contains(where: \.isEstablished) {
            ensureChild(gateway: gateway)
        } else if ours.isEmpty {
            startPhase1(policy)
        }
    }

    func ensureChild(gateway: Int) {
        guard let policy = policies[gateway], policy.initiates else { return }
        let current = children.contains { $0.gateway == gateway && $0.initiatedLocally && !$0.renewing }
        let negotiating = phase1s.values.contains { sa in
            sa.policy.gateway == gateway && sa.quickModes.values.contains { $0.initiator && $0.state == .sentHash1 }
        }
        guard !current, !negotiating else { return }
        guard let sa = newestEstablished(gateway: gateway) else {
            ensureNegotiation(gateway: gateway)
            return
        }
        startQuickMode(sa, replacing: nil)
    }

    func newestEstablished(gateway: Int) -> Phase1SA? {
        phase1s.values.filter { $0.policy.gateway == gateway && $0.isEstablished && !$0.superseded }
            .max { ($0.established ?? .zero, $0.initiatorCookie) < ($1.established ?? .zero, $1.initiatorCookie) }
    }

    func startQuickMode(_ sa: Phase1SA, replacing old: ChildSA?) {
        let messageID = randomMessageID()
        let exchange = QuickModeExchange(messageID: messageID, initiator: true, iv: exchangeIV(sa, messageID: messageID), localSPI: randomSPI())
        exchange.initiatorNonce = randomBytes(Self.nonceLength)
        exchange.udpEncapsulated = sa.natDetected
        exchange.replaces = old
        exchange.proposal = sa.policy.phase2
        exchange.identities = selectorIdentities(sa)
        sa.quickModes[messageID] = exchange
        log("[IKE] initiate IPsec phase to \(sa.remote)")
        var body = [
            ISAKMPPayload(type: .securityAssociation, body: SecurityAssociationPayload(proposals: [
                sa.policy.phase2.proposal(spi: exchange.localSPI, udpEncapsulated: exchange.udpEncapsulated)
            ]).body),
            ISAKMPPayload(type: .nonce, body: exchange.initiatorNonce),
        ] + exchange.identities
        if exchange.udpEncapsulated && sa.policy.phase2.mode == .transport {
            body += originalAddresses(initiator: sa.local, responder: sa.policy.remoteAddress ?? sa.remote)
        }
        sendQuickMode(sa, exchange, hashInput: messageID.bigEndianBytes, body)
    }

    /// RFC 3947 5.2: NAT-OAi and NAT-OAr, the original addresses for the transport checksum fix-up. Both sides
    /// send them in UDP-encapsulated transport mode; a responder names the initiator as it saw it.
    private func originalAddresses(initiator: IPv4Address, responder: IPv4Address) -> [ISAKMPPayload] {
        [initiator, responder].map {
            ISAKMPPayload(type: .natOA, body: IdentificationPayload(idType: 1, protocolID: 0, port: 0, data: $0.bytes).body)
        }
    }

    /// IDci/IDcr for a transport selector (`udp 1701`): each end's address with the protocol and port.
    private func selectorIdentities(_ sa: Phase1SA) -> [ISAKMPPayload] {
        guard let selector = sa.policy.selector else { return [] }
        return [sa.local, sa.policy.remoteAddress ?? sa.remote].map {
            ISAKMPPayload(type: .identification, body: IdentificationPayload(idType: 1, protocolID: selector.ipProtocol, port: selector.port ?? 0, data: $0.bytes).body)
        }
    }

    /// HASH(n) = prf(SKEYID_a, `hashInput` | the payloads after HASH), then encrypt on the exchange's chain.
    private func sendQuickMode(_ sa: Phase1SA, _ exchange: QuickModeExchange, hashInput: [UInt8], _ body: [ISAKMPPayload]) {
        guard let keys = sa.keys, let proposal = sa.proposal else { return }
        let hash = proposal.hash.prf(key: keys.skeyidA, hashInput, ISAKMPPayload.encodeChain(body))
        var iv = exchange.iv
        guard let message = encrypt(sa, exchange: .quickMode, messageID: exchange.messageID, [ISAKMPPayload(type: .hash, body: hash)] + body, iv: &iv) else {
            return
        }
        exchange.iv = iv
        exchange.lastSent = message
        exchange.retransmissions = 0
        exchange.retransmitAt = now + Self.retransmitInterval
        transmit(sa, message)
    }

    func handleQuickMode(_ sa: Phase1SA, _ packet: ReceivedMessage) {
        let messageID = packet.header.messageID
        if let exchange = sa.quickModes[messageID] {
            if isRetransmission(packet.bytes, lastReceived: exchange.lastReceived, lastSent: exchange.lastSent, sa: sa) { return }
            var iv = exchange.iv
            guard exchange.state != .done, let payloads = decrypt(sa, packet, iv: &iv) else {
                if exchange.state == .done { outputs.append(.dropped(.ikeUnexpectedMessage)) }
                return
            }
            exchange.iv = iv
            exchange.lastReceived = packet.bytes
            if exchange.initiator {
                finishInitiator(sa, exchange, payloads)
            } else {
                finishResponder(sa, exchange, payloads)
            }
            return
        }
        var iv = exchangeIV(sa, messageID: messageID)
        guard let payloads = decrypt(sa, packet, iv: &iv) else { return }
        respondToQuickMode(sa, packet, payloads, iv: iv)
    }

    private func respondToQuickMode(_ sa: Phase1SA, _ packet: ReceivedMessage, _ payloads: [ISAKMPPayload], iv: [UInt8]) {
        let messageID = packet.header.messageID
        guard verifyHash(sa, payloads, prefix: messageID.bigEndianBytes) else { return }
        let policy = sa.policy
        guard let saPayload = payloads.first(where: { $0.type == .securityAssociation }),
            let offered = try? SecurityAssociationPayload(body: saPayload.body),
            let nonce = payloads.first(where: { $0.type == .nonce })?.body
        else {
            outputs.append(.dropped(.ikeUnexpectedMessage))
            return
        }
        let identities = payloads.filter { $0.type == .identification }
        if let selector = policy.selector, identities.count == 2 {
            let ids = identities.compactMap { try? IdentificationPayload(body: $0.body) }
            guard ids.count == 2, ids.allSatisfy({ $0.protocolID == selector.ipProtocol && ($0.port == (selector.port ?? 0) || $0.port == 0) }) else {
                log("[IKE] IPsec phase from \(sa.remote): selectors do not match ipsec transport")
                sendInformational(sa, [notifyPayload(ISAKMPNotifyType.invalidIDInformation)])
                outputs.append(.dropped(.ikeNoProposalChosen))
                return
            }
        }
        let pfs = payloads.contains { $0.type == .keyExchange }
        let choice = offered.proposals.lazy.filter { $0.protocolID == ISAKMPProtocolID.esp && $0.spi.count == 4 }
            .compactMap { proposal in
                proposal.transforms.lazy.compactMap { Phase2Proposal(transform: $0, lifetimeLimit: Int.max) }
                    .first { $0.mode == policy.phase2.mode }.map { (proposal, $0) }
            }.first
        guard !pfs, let (proposal, chosen) = choice, let remoteSPI = UInt32(bigEndianBytes: proposal.spi),
            let transform = proposal.transforms.first(where: { Phase2Proposal(transform: $0, lifetimeLimit: Int.max) == chosen })
        else {
            log("[IKE] no proposal chosen for IPsec phase from \(sa.remote)")
            sendInformational(sa, [notifyPayload(ISAKMPNotifyType.noProposalChosen)])
            outputs.append(.dropped(.ikeNoProposalChosen))
            return
        }
        log("[IKE] respond IPsec phase to \(sa.remote)")
        let exchange = QuickModeExchange(messageID: messageID, initiator: false, iv: iv, localSPI: randomSPI())
        exchange.remoteSPI = remoteSPI
        exchange.proposal = chosen
        exchange.initiatorNonce = nonce
        exchange.responderNonce = randomBytes(Self.nonceLength)
        exchange.identities = identities
        exchange.udpEncapsulated = sa.natDetected
        exchange.lastReceived = packet.bytes
        sa.quickModes[messageID] = exchange
        let reply = ISAKMPProposal(number: proposal.number, protocolID: ISAKMPProtocolID.esp, spi: exchange.localSPI.bigEndianBytes, transforms: [transform])
        var body = [
            ISAKMPPayload(type: .securityAssociation, body: SecurityAssociationPayload(proposals: [reply]).body),
            ISAKMPPayload(type: .nonce, body: exchange.responderNonce),
        ] + identities
        if exchange.udpEncapsulated && chosen.mode == .transport {
            body += originalAddresses(initiator: sa.remote, responder: sa.local)
        }
        sendQuickMode(sa, exchange, hashInput: messageID.bigEndianBytes + nonce, body)
        _ = deriveKeys(sa, exchange)
    }

    private func finishInitiator(_ sa: Phase1SA, _ exchange: QuickModeExchange, _ payloads: [ISAKMPPayload]) {
        guard verifyHash(sa, payloads, prefix: exchange.messageID.bigEndianBytes + exchange.initiatorNonce),
            let saPayload = payloads.first(where: { $0.type == .securityAssociation }),
            let accepted = try? SecurityAssociationPayload(body: saPayload.body),
            let proposal = accepted.proposals.first, let remoteSPI = UInt32(bigEndianBytes: proposal.spi),
            let transform = proposal.transforms.first,
            let chosen = Phase2Proposal(transform: transform, lifetimeLimit: sa.policy.phase2.lifetime),
            let nonce = payloads.first(where: { $0.type == .nonce })?.body
        else {
            outputs.append(.dropped(.ikeUnexpectedMessage))
            return
        }
        exchange.remoteSPI = remoteSPI
        exchange.proposal = chosen
        exchange.responderNonce = nonce
        guard let keys = sa.keys, let phase1 = sa.proposal else { return }
        let hash3 = phase1.hash.prf(key: keys.skeyidA, [0], exchange.messageID.bigEndianBytes, exchange.initiatorNonce, nonce)
        var iv = exchange.iv
        guard let message = encrypt(sa, exchange: .quickMode, messageID: exchange.messageID, [ISAKMPPayload(type: .hash, body: hash3)], iv: &iv) else {
            return
        }
        exchange.iv = iv
        exchange.lastSent = message
        transmit(sa, message)
        install(sa, exchange)
    }

    private func finishResponder(_ sa: Phase1SA, _ exchange: QuickModeExchange, _ payloads: [ISAKMPPayload]) {
        guard let keys = sa.keys, let phase1 = sa.proposal, let hash = payloads.first, hash.type == .hash,
            constantTimeEqual(hash.body, phase1.hash.prf(key: keys.skeyidA, [0], exchange.messageID.bigEndianBytes, exchange.initiatorNonce, exchange.responderNonce))
        else {
            outputs.append(.dropped(.ikeBadHash))
            return
        }
        exchange.lastSent = nil
        install(sa, exchange)
    }

    /// The first payload must be HASH = prf(SKEYID_a, `prefix` | the rest of the message).
    func verifyHash(_ sa: Phase1SA, _ payloads: [ISAKMPPayload], prefix: [UInt8]) -> Bool {
        guard let keys = sa.keys, let proposal = sa.proposal, let hash = payloads.first, hash.type == .hash,
            constantTimeEqual(hash.body, proposal.hash.prf(key: keys.skeyidA, prefix, ISAKMPPayload.encodeChain(Array(payloads.dropFirst()))))
        else {
            outputs.append(.dropped(.ikeBadHash))
            return false
        }
        sa.keepalive.lastHeard = now
        return true
    }

    /// Derives both directions' keys and hands the pair to the SAD.
    private func install(_ sa: Phase1SA, _ exchange: QuickModeExchange) {
        exchange.state = .done
        exchange.finishedAt = now
        exchange.retransmitAt = now + Self.finishedExchangeMemory
        guard let proposal = exchange.proposal, let (inbound, outbound) = deriveKeys(sa, exchange) else { return }
        let sendNumber = allocateNumber()
        let child = ChildSA(
            gateway: sa.policy.gateway, policyID: sa.policy.policyID, proposal: proposal, inbound: inbound,
            outbound: outbound, localAddress: sa.local, remoteAddress: sa.remote,
            established: now, expires: now + .seconds(proposal.lifetime), sendNumber: sendNumber, receiveNumber: allocateNumber(),
            initiatedLocally: exchange.initiator, isakmpCookie: sa.initiatorCookie,
            encapsulationPorts: exchange.udpEncapsulated ? ChildSA.Ports(local: sa.localPort, remote: sa.remotePort) : nil)
        children.append(child)
        outputs.append(.installed(child))
        if let old = exchange.replaces, let index = children.firstIndex(where: { $0.inbound.spi == old.inbound.spi }) {
            children[index].expires = min(children[index].expires, now + Self.replacedChildGrace)
        }
        let pairs = children.filter { $0.gateway == sa.policy.gateway }
        if pairs.count > Self.maxChildrenPerGateway, let oldest = pairs.min(by: { $0.established < $1.established }) {
            remove(oldest, notify: true)
        }
        removeDuplicatePhase1s(gateway: sa.policy.gateway)
    }

    /// KEYMAT for both directions, key-logged the first time: a responder knows its keys when it sends message 2,
    /// before message 3 confirms them, which is when a peer like strongSwan logs them too.
    private func deriveKeys(_ sa: Phase1SA, _ exchange: QuickModeExchange) -> (inbound: ESPKeys, outbound: ESPKeys)? {
        guard let keys = sa.keys, let phase1 = sa.proposal, let proposal = exchange.proposal else { return nil }
        let length = proposal.encryption.keyLength + proposal.integrity.keyLength
        func espKeys(_ spi: UInt32) -> ESPKeys {
            let material = keys.keyMaterial(hash: phase1.hash, spi: spi, initiatorNonce: exchange.initiatorNonce, responderNonce: exchange.responderNonce, length: length)
            return ESPKeys(spi: spi, encryptionKey: Array(material.prefix(proposal.encryption.keyLength)), integrityKey: Array(material.dropFirst(proposal.encryption.keyLength)))
        }
        let pair = (inbound: espKeys(exchange.localSPI), outbound: espKeys(exchange.remoteSPI))
        if !exchange.keysLogged {
            exchange.keysLogged = true
            for keys in [pair.outbound, pair.inbound] { outputs.append(.keyLog(Self.espKeyLogLine(keys, proposal))) }
        }
        return pair
    }

    /// Wireshark's `esp_sa` table line; any addresses, since a NAT rewrites them on the way.
    static func espKeyLogLine(_ keys: ESPKeys, _ proposal: Phase2Proposal) -> String {
        let cipher =
            switch proposal.encryption {
            case .aes128CBC, .aes256CBC: "AES-CBC [RFC3602]"
            case .tripleDESCBC: "TripleDES-CBC [RFC2451]"
            }
        let integrity =
            switch proposal.integrity {
            case .hmacSHA1_96: "HMAC-SHA-1-96 [RFC2404]"
            case .hmacMD5_96: "HMAC-MD5-96 [RFC2403]"
            case .hmacSHA256_128: "HMAC-SHA-256-128 [RFC4868]"
            }
        return "\"IPv4\",\"*\",\"*\",\"0x\(keys.spi.bigEndianBytes.hexText())\",\"\(cipher)\",\"0x\(keys.encryptionKey.hexText())\",\"\(integrity)\",\"0x\(keys.integrityKey.hexText())\""
    }

    /// Renews a pair this side negotiated, at 75 % of its life.
    func rekey(_ child: ChildSA) {
        guard let index = children.firstIndex(where: { $0.inbound.spi == child.inbound.spi }) else { return }
        children[index].renewing = true
        if let sa = newestEstablished(gateway: child.gateway) {
            startQuickMode(sa, replacing: children[index])
        } else {
            ensureNegotiation(gateway: child.gateway)
        }
    }
}
