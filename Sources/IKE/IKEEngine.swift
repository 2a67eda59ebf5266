import IPsec
import Wire

/// IKEv1 for one router, sans-IO: handed datagrams, configuration and `now`, it returns datagrams to send,
/// SAs to install or remove, log lines and its next deadline. It reads no clock and draws randomness only from
/// the generator it was given.
public final class IKEEngine {
    /// Resend an unanswered message after this long, RTX-like `ipsec ike retry` defaults.
    public static let retransmitInterval: Duration = .seconds(5)
    public static let maxRetransmissions = 6
    /// How long after a failed or lost negotiation `ipsec auto refresh` tries again.
    public static let retryInterval: Duration = .seconds(10)
    /// RFC 3948 NAT-keepalive interval for a side behind a NAT.
    public static let natKeepaliveInterval: Duration = .seconds(20)
    /// How long a gateway changed at the console waits before negotiating.
    public static let configurationSettle: Duration = .seconds(1)
    /// Share of a lifetime after which an initiator renews an SA.
    static let rekeyShare = 0.75

    var policies: [Int: IKEPeerPolicy] = [:]
    var phase1s: [UInt64: Phase1SA] = [:]
    public internal(set) var children: [ChildSA] = []
    var random: any RandomNumberGenerator
    var outputs: [IKEOutput] = []
    var now: Duration = .zero
    /// Gateways whose `ipsec auto refresh` wants a negotiation started at this time.
    var initiateAt: [Int: Duration] = [:]
    var nextNATKeepalive: Duration?
    private var nextNumber = 1

    public init(random: some RandomNumberGenerator) {
        self.random = random
    }

    // MARK: - Inputs

    /// Applies the gateways as they stand in the config: SAs of a removed or changed gateway are deleted (the
    /// peer is told), a new or changed gateway that initiates starts negotiating.
    /// `settle`: how long a changed gateway waits before negotiating; a config typed line by line waits
    /// until the lines have stopped changing it, so the next line does not abort the exchange.
    public func configure(_ newPolicies: [IKEPeerPolicy], now: Duration, settle: Duration = .zero) {
        self.now = now
        let byGateway = Dictionary(newPolicies.map { ($0.gateway, $0) }, uniquingKeysWith: { first, _ in first })
        for (gateway, old) in policies where byGateway[gateway] != old {
            deleteAll(gateway: gateway)
            initiateAt[gateway] = nil
        }
        for (gateway, policy) in byGateway where policies[gateway] != policy && policy.initiates {
            initiateAt[gateway] = now + settle
        }
        policies = byGateway
    }

    public func receive(_ datagram: IKEDatagram, now: Duration) {
        self.now = now
        var message = datagram.message[...]
        if datagram.destinationPort == IKEDatagram.natTraversalPort {
            if message.count == 1, message.first == 0xFF { return }  // RFC 3948 NAT-keepalive
            guard message.count >= 4, message.prefix(4).allSatisfy({ $0 == 0 }) else {
                outputs.append(.dropped(.ikeNotMarked))
                return
            }
            message = message.dropFirst(4)
        }
        let bytes = Array(message)
        let header: ISAKMPHeader
        do {
            header = try ISAKMPHeader(parsing: bytes)
        } catch {
            outputs.append(.dropped(error))
            return
        }
        let packet = ReceivedMessage(header: header, bytes: Array(bytes.prefix(Int(header.length))), datagram: datagram)
        if let sa = phase1s[header.initiatorCookie] {
            guard sa.responderCookie == header.responderCookie || (sa.role == .initiator && sa.responderCookie == 0) else {
                outputs.append(.dropped(.ikeUnknownSA))
                return
            }
            if sa.isEstablished || header.exchangeType != .identityProtection && header.exchangeType != .aggressive {
                handleEstablished(sa, packet)
            } else {
                handlePhase1(sa, packet)
            }
        } else if header.responderCookie == 0,
            header.exchangeType == .identityProtection || header.exchangeType == .aggressive
        {
            respondToPhase1(packet)
        } else {
            outputs.append(.dropped(.ikeUnknownSA))
        }
    }

    /// Runs every timer due at `now`: retransmissions, lifetimes, rekeys, keepalives and auto refresh.
    public func advance(now: Duration) {
        self.now = now
        for (gateway, at) in initiateAt where at <= now {
            initiateAt[gateway] = nil
            ensureNegotiation(gateway: gateway)
        }
        for sa in Array(phase1s.values) {
            runTimers(sa)
        }
        for child in children where child.expires <= now {
            expire(child)
        }
        for child in children where child.rekeyDue(now: now) {
            rekey(child)
        }
        if let at = nextNATKeepalive, at <= now { sendNATKeepalives() }
    }

    public var nextDeadline: Duration? {
        var deadlines = Array(initiateAt.values) + children.map(\.expires) + children.compactMap(\.rekeyAt)
        for sa in phase1s.values {
            deadlines += [sa.retransmitAt, sa.expires, sa.superseded ? nil : sa.rekeyAt, sa.keepalive.nextSend].compactMap { $0 }
            deadlines += sa.quickModes.values.compactMap(\.retransmitAt)
        }
        if let at = nextNATKeepalive { deadlines.append(at) }
        return deadlines.min()
    }

    /// The addresses the configured gateways negotiate from.
    public var localAddresses: Set<IPv4Address> { Set(policies.values.map(\.localAddress)) }

    public func takeOutputs() -> [IKEOutput] {
        defer { outputs.removeAll(keepingCapacity: true) }
        return outputs
    }

    /// `ipsec refresh sa`: deletes every SA (RTX tells the peer nothing) and, where `ipsec auto refresh` is on,
    /// negotiates anew.
    public func refresh(now: Duration, notify: Bool) {
        self.now = now
        for gateway in policies.keys {
            deleteAll(gateway: gateway, notify: notify)
            if policies[gateway]?.initiates == true { initiateAt[gateway] = now }
        }
    }

    /// `ipsec sa delete N`: the ISAKMP SA or the ESP pair with that `show ipsec sa` number. False if none has it.
    public func delete(number: Int, now: Duration) -> Bool {
        self.now = now
        if let sa = phase1s.values.first(where: { $0.number == number }) {
            deletePhase1(sa, notify: true)
            return true
        }
        guard let child = children.first(where: { $0.sendNumber == number || $0.receiveNumber == number }) else { return false }
        remove(child, notify: true)
        return true
    }

    /// `ipsec sa delete all`.
    public func deleteAll(now: Duration) {
        self.now = now
        for gateway in policies.keys { deleteAll(gateway: gateway) }
    }

    // MARK: - Shared helpers

    struct ReceivedMessage {
        var header: ISAKMPHeader
        var bytes: [UInt8]
        var datagram: IKEDatagram
    }

    func allocateNumber() -> Int {
        defer { nextNumber += 1 }
        return nextNumber
    }

    func randomBytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
    }

    func randomCookie() -> UInt64 {
        var cookie: UInt64 = 0
        while cookie == 0 || phase1s[cookie] != nil { cookie = random.next() }
        return cookie
    }

    /// SPIs below 256 are reserved (RFC 4303).
    func randomSPI() -> UInt32 {
        var spi: UInt32 = 0
        while spi < 256 || children.contains(where: { $0.inbound.spi == spi }) { spi = UInt32(truncatingIfNeeded: random.next()) }
        return spi
    }

    func randomMessageID() -> UInt32 {
        var id: UInt32 = 0
        while id == 0 { id = UInt32(truncatingIfNeeded: random.next()) }
        return id
    }

    func log(_ line: String) { outputs.append(.log(line)) }

    /// Sends `message` to the SA's peer, on 4500 behind the non-ESP marker once floated.
    func transmit(_ sa: Phase1SA, _ message: [UInt8]) {
        send(message, from: sa.local, sa.localPort, to: sa.remote, sa.remotePort)
    }

    /// An IKE message on UDP, behind the non-ESP marker (RFC 3948) when it leaves from 4500.
    func send(_ message: [UInt8], from local: IPv4Address, _ localPort: UInt16, to remote: IPv4Address, _ remotePort: UInt16) {
        let marker: [UInt8] = localPort == IKEDatagram.natTraversalPort ? [0, 0, 0, 0] : []
        outputs.append(.send(IKEDatagram(source: local, sourcePort: localPort, destination: remote, destinationPort: remotePort, message: marker + message)))
    }

    /// An unencrypted phase 1 message of the SA, remembered for retransmission.
    func sendPlain(_ sa: Phase1SA, exchange: ISAKMPExchangeType, _ payloads: [ISAKMPPayload]) {
        let header = ISAKMPHeader(
            initiatorCookie: sa.initiatorCookie, responderCookie: sa.responderCookie, nextPayload: payloads.first?.type ?? .none,
            exchangeType: exchange, flags: [], messageID: 0)
        let message = ISAKMPMessage(header: header, payloads: payloads).bytes
        sa.lastSent = message
        transmit(sa, message)
    }

    /// Encrypts `payloads` under the SA's key with `iv`, which is advanced to the last ciphertext block.
    func encrypt(_ sa: Phase1SA, exchange: ISAKMPExchangeType, messageID: UInt32, _ payloads: [ISAKMPPayload], iv: inout [UInt8]) -> [UInt8]? {
        guard let cipher = sa.cipher(), let proposal = sa.proposal else { return nil }
        var plain = ISAKMPPayload.encodeChain(payloads)
        let block = proposal.encryption.blockSize
        plain += [UInt8](repeating: 0, count: (block - plain.count % block) % block)
        let encrypted = cipher.encrypt(plain, iv: iv)
        iv = Array(encrypted.suffix(block))
        var header = ISAKMPHeader(
            initiatorCookie: sa.initiatorCookie, responderCookie: sa.responderCookie, nextPayload: payloads.first?.type ?? .none,
            exchangeType: exchange, flags: [.encryption], messageID: messageID)
        header.length = UInt32(ISAKMPHeader.size + encrypted.count)
        return header.bytes + encrypted
    }

    /// Decrypts and parses an encrypted message; `iv` becomes its last ciphertext block only if it parses.
    func decrypt(_ sa: Phase1SA, _ packet: ReceivedMessage, iv: inout [UInt8]) -> [ISAKMPPayload]? {
        guard packet.header.flags.contains(.encryption) else {
            outputs.append(.dropped(.ikeNotEncrypted))
            return nil
        }
        guard let cipher = sa.cipher(), let proposal = sa.proposal else { return nil }
        let body = Array(packet.bytes.dropFirst(ISAKMPHeader.size))
        let block = proposal.encryption.blockSize
        guard !body.isEmpty, body.count % block == 0 else {
            outputs.append(.dropped(.ikeBadCiphertextLength))
            return nil
        }
        let plain = cipher.decrypt(body, iv: iv)
        do {
            let payloads = try ISAKMPPayload.parseChain(first: packet.header.nextPayload, plain)
            iv = Array(body.suffix(block))
            return payloads
        } catch {
            outputs.append(.dropped(.ikeUndecryptable))
            return nil
        }
    }

    /// The IV of a Quick Mode or informational exchange: hash(last phase 1 block | M-ID), cut to a block.
    func exchangeIV(_ sa: Phase1SA, messageID: UInt32) -> [UInt8] {
        guard let proposal = sa.proposal else { return [] }
        return Array(proposal.hash.hash(sa.iv + messageID.bigEndianBytes).prefix(proposal.encryption.blockSize))
    }

    /// A retransmitted request whose reply was lost: send the reply again instead of processing it twice.
    func isRetransmission(_ bytes: [UInt8], lastReceived: [UInt8]?, lastSent: [UInt8]?, sa: Phase1SA) -> Bool {
        guard let lastReceived, bytes == lastReceived else { return false }
        if let lastSent { transmit(sa, lastSent) }
        return true
    }
}

extension ChildSA {
    /// When an initiator renews this pair (75 % of its life); nil once renewal started or for a responder's pair.
    var rekeyAt: Duration? { !initiatedLocally || renewing ? nil : established + (expires - established) * IKEEngine.rekeyShare }

    func rekeyDue(now: Duration) -> Bool { rekeyAt.map { $0 <= now } == true }
}
