import IPsec
import Wire

/// Messages on an established ISAKMP SA besides Quick Mode: DELETE, notifications, DPD and heartbeats.
extension IKEEngine {
    func handleEstablished(_ sa: Phase1SA, _ packet: ReceivedMessage) {
        switch packet.header.exchangeType {
        case .quickMode:
            handleQuickMode(sa, packet)
        case .informational:
            handleInformational(sa, packet)
        case .heartbeat:
            handleHeartbeat(sa, packet)
        case .identityProtection, .aggressive:
            // Our last phase 1 reply was lost and the peer asks again.
            if !isRetransmission(packet.bytes, lastReceived: sa.lastReceived, lastSent: sa.lastSent, sa: sa) {
                outputs.append(.dropped(.ikeUnexpectedMessage))
            }
        default:
            outputs.append(.dropped(.ikeUnexpectedMessage))
        }
    }

    func notifyPayload(_ type: ISAKMPNotifyType, spi: [UInt8] = [], data: [UInt8] = []) -> ISAKMPPayload {
        let notify = NotificationPayload(
            doi: 1, protocolID: spi.count == 16 ? ISAKMPProtocolID.isakmp : (spi.isEmpty ? 0 : ISAKMPProtocolID.esp),
            spi: spi, messageType: type.rawValue, data: data)
        return ISAKMPPayload(type: .notification, body: notify.body)
    }

    /// An encrypted informational exchange: HASH(1) = prf(SKEYID_a, M-ID | payloads), its own IV.
    func sendInformational(_ sa: Phase1SA, _ payloads: [ISAKMPPayload], exchange: ISAKMPExchangeType = .informational) {
        guard sa.isEstablished, let keys = sa.keys, let proposal = sa.proposal else { return }
        let messageID = randomMessageID()
        let hash = proposal.hash.prf(key: keys.skeyidA, messageID.bigEndianBytes, ISAKMPPayload.encodeChain(payloads))
        var iv = exchangeIV(sa, messageID: messageID)
        guard let message = encrypt(sa, exchange: exchange, messageID: messageID, [ISAKMPPayload(type: .hash, body: hash)] + payloads, iv: &iv) else {
            return
        }
        transmit(sa, message)
    }

    private func handleInformational(_ sa: Phase1SA, _ packet: ReceivedMessage) {
        let messageID = packet.header.messageID
        guard !sa.seenMessageIDs.contains(messageID) else {
            outputs.append(.dropped(.ikeReplay))
            return
        }
        var iv = exchangeIV(sa, messageID: messageID)
        guard let payloads = decrypt(sa, packet, iv: &iv), verifyHash(sa, payloads, prefix: messageID.bigEndianBytes) else { return }
        sa.seenMessageIDs.insert(messageID)
        for payload in payloads.dropFirst() {
            switch payload.type {
            case .delete:
                guard let delete = try? DeletePayload(body: payload.body) else { continue }
                peerDeleted(sa, delete)
            case .notification:
                guard let notify = try? NotificationPayload(body: payload.body) else { continue }
                peerNotified(sa, notify)
            default:
                continue
            }
        }
    }

    private func peerDeleted(_ sa: Phase1SA, _ delete: DeletePayload) {
        if delete.protocolID == ISAKMPProtocolID.isakmp {
            for spi in delete.spis where spi.count == 16 {
                guard let target = phase1s[UInt64(bigEndianBytes: spi.prefix(8))] else { continue }
                log("[IKE] ISAKMP SA deleted by \(target.remote)")
                deletePhase1(target, notify: false)
            }
            return
        }
        // An ESP SPI the peer receives on is our outbound SPI: the whole pair goes. strongSwan names our inbound SPI
        // instead (the Quick Mode initiator's) when, as responder, it could not install the pair: gone there too.
        var fresh = false
        for spi in delete.spis.compactMap({ UInt32(bigEndianBytes: $0) }) {
            guard let child = children.first(where: { ($0.outbound.spi == spi || $0.inbound.spi == spi) && $0.gateway == sa.policy.gateway })
            else { continue }
            log("[IKE] IPsec SA deleted by \(sa.remote)")
            remove(child, notify: false)
            if now - child.established < Self.retryInterval { fresh = true }
        }
        guard sa.policy.initiates else { return }
        if fresh {
            // A peer that drops every new pair at once would otherwise get Quick Mode after Quick Mode.
            initiateAt[sa.policy.gateway] = initiateAt[sa.policy.gateway] ?? now + Self.retryInterval
        } else {
            ensureChild(gateway: sa.policy.gateway)
        }
    }

    private func peerNotified(_ sa: Phase1SA, _ notify: NotificationPayload) {
        switch notify.messageType {
        case ISAKMPNotifyType.rUThere.rawValue:
            sendInformational(sa, [notifyPayload(ISAKMPNotifyType.rUThereAck, spi: sa.cookies, data: notify.data)])
        case ISAKMPNotifyType.rUThereAck.rawValue:
            let sequence = UInt32(bigEndianBytes: notify.data)
            if sequence != nil, sequence == sa.keepalive.outstandingDPD {
                sa.keepalive.outstandingDPD = nil
                sa.keepalive.missed = 0
            }
        default:
            log("[IKE] notify \(notify.messageType) from \(sa.remote)")
            if notify.messageType == ISAKMPNotifyType.noProposalChosen.rawValue { peerRefusedQuickMode(sa, notify) }
        }
    }

    /// strongSwan, as Quick Mode initiator whose kernel refuses the SAs, sends NO-PROPOSAL-CHOSEN with its SPI instead
    /// of message 3: that exchange is over, so stop retransmitting message 2 (or 1) for it.
    private func peerRefusedQuickMode(_ sa: Phase1SA, _ notify: NotificationPayload) {
        guard let spi = UInt32(bigEndianBytes: notify.spi),
            let exchange = sa.quickModes.values.first(where: { $0.state != .done && ($0.remoteSPI == spi || $0.localSPI == spi) })
        else { return }
        sa.quickModes[exchange.messageID] = nil
        log("[IKE] IPsec phase with \(sa.remote) refused by the peer")
        if exchange.initiator, sa.policy.initiates {
            initiateAt[sa.policy.gateway] = initiateAt[sa.policy.gateway] ?? now + Self.retryInterval
        }
    }

    // MARK: Deletion

    /// Removes an ISAKMP SA (its child SAs live on, as IKEv1 allows); with `notify`, tells the peer first.
    func deletePhase1(_ sa: Phase1SA, notify: Bool) {
        if notify {
            let delete = DeletePayload(doi: 1, protocolID: ISAKMPProtocolID.isakmp, spiSize: 16, spis: [sa.cookies])
            sendInformational(sa, [ISAKMPPayload(type: .delete, body: delete.body)])
        }
        phase1s[sa.initiatorCookie] = nil
        let gateway = sa.policy.gateway
        if policies[gateway] == sa.policy, sa.policy.initiates, !phase1s.values.contains(where: { $0.policy.gateway == gateway }),
            initiateAt[gateway] == nil
        {
            initiateAt[gateway] = now
        }
    }

    /// Takes an ESP pair out of the SAD; with `notify`, sends DELETE for our inbound SPI on an ISAKMP SA.
    func remove(_ child: ChildSA, notify: Bool) {
        children.removeAll { $0.inbound.spi == child.inbound.spi }
        if notify, let sa = newestEstablished(gateway: child.gateway) ?? phase1s[child.isakmpCookie] {
            let delete = DeletePayload(doi: 1, protocolID: ISAKMPProtocolID.esp, spiSize: 4, spis: [child.inbound.spi.bigEndianBytes])
            sendInformational(sa, [ISAKMPPayload(type: .delete, body: delete.body)])
        }
        outputs.append(.removed(child))
    }

    func expire(_ child: ChildSA) {
        remove(child, notify: true)
        if policies[child.gateway]?.initiates == true { ensureChild(gateway: child.gateway) }
    }

    /// Every SA of a gateway, child SAs first so their DELETEs can still travel on an ISAKMP SA.
    func deleteAll(gateway: Int, notify: Bool = true) {
        for child in children where child.gateway == gateway { remove(child, notify: notify) }
        for sa in phase1s.values where sa.policy.gateway == gateway {
            deletePhase1(sa, notify: notify && sa.isEstablished)
        }
        initiateAt[gateway] = nil
    }

    /// Both sides initiating gives two ISAKMP SAs, one each way; once neither carries a Quick Mode, the one with
    /// the higher initiator cookie goes. Both peers pick the same one, so their DELETEs agree. Two SAs the peer
    /// initiated are its rekey: it deletes the old one itself, and the new one must stay.
    func removeDuplicatePhase1s(gateway: Int) {
        let established = phase1s.values.filter { $0.policy.gateway == gateway && $0.isEstablished && !$0.superseded }
        guard established.count > 1, established.contains(where: { $0.role == .initiator }),
            established.contains(where: { $0.role == .responder }),
            !established.contains(where: { $0.quickModes.values.contains { $0.state != .done } })
        else { return }
        let keep = established.min { $0.initiatorCookie < $1.initiatorCookie }
        for sa in established where sa !== keep { deletePhase1(sa, notify: true) }
    }

    // MARK: Timers

    func runTimers(_ sa: Phase1SA) {
        if let at = sa.retransmitAt, at <= now {
            if sa.role == .responder && !sa.isEstablished {
                abandon(sa, nil)  // half-open: the initiator gave up
                return
            }
            if sa.retransmissions < Self.maxRetransmissions, let message = sa.lastSent, !sa.isEstablished {
                sa.retransmissions += 1
                sa.retransmitAt = now + Self.retransmitInterval
                transmit(sa, message)
            } else if !sa.isEstablished {
                return abandon(sa, nil, log: "[IKE] no response for ISAKMP phase from \(sa.remote)")
            } else {
                sa.retransmitAt = nil
            }
        }
        for exchange in Array(sa.quickModes.values) {
            guard let at = exchange.retransmitAt, at <= now else { continue }
            if exchange.state == .done {
                sa.quickModes[exchange.messageID] = nil
            } else if exchange.retransmissions < Self.maxRetransmissions, let message = exchange.lastSent {
                exchange.retransmissions += 1
                exchange.retransmitAt = now + Self.retransmitInterval
                transmit(sa, message)
            } else {
                sa.quickModes[exchange.messageID] = nil
                log("[IKE] no response for IPsec phase from \(sa.remote)")
                if exchange.initiator, sa.policy.initiates { initiateAt[sa.policy.gateway] = now + Self.retryInterval }
            }
        }
        if let expires = sa.expires, expires <= now {
            deletePhase1(sa, notify: true)
            return
        }
        if let at = sa.rekeyAt, at <= now, !sa.superseded {
            sa.superseded = true
            if let policy = policies[sa.policy.gateway] { startPhase1(policy) }
        }
        runKeepalive(sa)
    }

    func sendNATKeepalives() {
        let natted = phase1s.values.filter { $0.isEstablished && $0.behindNAT }
        nextNATKeepalive = natted.isEmpty ? nil : now + Self.natKeepaliveInterval
        for sa in natted {
            outputs.append(.send(IKEDatagram(source: sa.local, sourcePort: sa.localPort, destination: sa.remote, destinationPort: sa.remotePort, message: [0xFF])))
        }
    }
}
