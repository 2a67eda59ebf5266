import Wire

/// `ipsec ike keepalive use GW on`: YAMAHA heartbeat or RFC 3706 DPD on each ISAKMP SA.
///
/// The heartbeat follows draft-ietf-ipsec-heartbeats-01 as WIRE-NOTES describes it (exchange 251, a SEQ_NO
/// payload, NOTIFY STILL-CONNECTED); that real RTX units use exactly these numbers is unverified, so the HASH is
/// placed first as in every other IKEv1 informational message.
extension IKEEngine {
    func startKeepalive(_ sa: Phase1SA) {
        switch sa.policy.keepalive {
        case .heartbeat(let interval, _), .dpd(let interval, _):
            sa.keepalive.nextSend = now + .seconds(interval)
        case nil:
            sa.keepalive.nextSend = nil
        }
    }

    func runKeepalive(_ sa: Phase1SA) {
        guard sa.isEstablished, let at = sa.keepalive.nextSend, at <= now, let keepalive = sa.policy.keepalive else { return }
        switch keepalive {
        case .heartbeat(let interval, let count):
            sa.keepalive.nextSend = now + .seconds(interval)
            // Only a peer that has sent heartbeats can be declared dead by their absence.
            if sa.keepalive.peerSequence > 0, now - sa.keepalive.lastHeard > .seconds(interval * count) {
                return peerDead(sa)
            }
            sa.keepalive.sequence += 1
            if sa.policy.keepaliveLog { log("[IKE] heartbeat to \(sa.remote) seq \(sa.keepalive.sequence)") }
            sendInformational(sa, [
                ISAKMPPayload(type: .sequenceNumber, body: sa.keepalive.sequence.bigEndianBytes),
                notifyPayload(ISAKMPNotifyType.stillConnected, spi: sa.cookies),
            ], exchange: .heartbeat)
        case .dpd(let interval, let count):
            sa.keepalive.nextSend = now + .seconds(interval)
            guard sa.peerSupportsDPD else { return }
            if sa.keepalive.outstandingDPD != nil {
                sa.keepalive.missed += 1
                if sa.keepalive.missed >= count { return peerDead(sa) }
            } else if now - sa.keepalive.lastHeard < .seconds(interval) {
                return
            }
            sa.keepalive.sequence += 1
            sa.keepalive.outstandingDPD = sa.keepalive.sequence
            sendInformational(sa, [notifyPayload(ISAKMPNotifyType.rUThere, spi: sa.cookies, data: sa.keepalive.sequence.bigEndianBytes)])
        }
    }

    func handleHeartbeat(_ sa: Phase1SA, _ packet: ReceivedMessage) {
        var iv = exchangeIV(sa, messageID: packet.header.messageID)
        guard let payloads = decrypt(sa, packet, iv: &iv), verifyHash(sa, payloads, prefix: packet.header.messageID.bigEndianBytes),
            let sequence = payloads.first(where: { $0.type == .sequenceNumber }).flatMap({ UInt32(bigEndianBytes: $0.body) })
        else { return }
        guard sequence > sa.keepalive.peerSequence else {
            outputs.append(.dropped(.ikeReplay))
            return
        }
        sa.keepalive.peerSequence = sequence
        if sa.policy.keepaliveLog { log("[IKE] heartbeat from \(sa.remote) seq \(sequence)") }
    }

    /// Keepalives on this ISAKMP SA went unanswered: it and the ESP pairs made before the peer was heard on another
    /// ISAKMP SA are useless, so they go (a peer that restarted keeps what it negotiated since), and auto refresh
    /// starts over if nothing is left.
    private func peerDead(_ sa: Phase1SA) {
        let gateway = sa.policy.gateway
        log("[IKE] keepalive: no answer from \(sa.remote), SAs deleted")
        let alive = phase1s.values.filter { $0 !== sa && $0.policy.gateway == gateway && $0.isEstablished }
        let since = alive.compactMap(\.established).min()
        for child in children where child.gateway == gateway && since.map({ child.established < $0 }) ?? true {
            remove(child, notify: false)
        }
        phase1s[sa.initiatorCookie] = nil
        if alive.isEmpty, sa.policy.initiates, policies[gateway] == sa.policy { initiateAt[gateway] = now + Self.retryInterval }
    }
}
