import Wire

/// An RFC 2131 DHCP client, sans-IO: lab hosts use it, and so will `ip lanN address dhcp`.
/// It is handed replies and the time, and returns messages to send and lease events.
/// Retransmissions back off 4, 8, 16, 32, 64, 64... seconds without jitter, so runs replay exactly.
public struct DHCPClient: Sendable {
    /// RFC 2131 figure 5. `initial` is INIT (idle, or waiting out a decline); REBOOTING is folded
    /// into `initReboot`, which sends its REQUEST at once.
    public enum State: Hashable, Sendable {
        case initial, selecting, requesting, initReboot, bound, renewing, rebinding
    }

    public struct Lease: Hashable, Sendable {
        public var address: IPv4Prefix
        public var router: IPv4Address?
        public var dns: [IPv4Address]
        public var server: IPv4Address
        public var renewAt: Duration
        public var rebindAt: Duration
        public var expiry: Duration
    }

    public enum Destination: Hashable, Sendable {
        /// 255.255.255.255 from 0.0.0.0, port 67.
        case broadcast
        /// The server's address, from the leased address, port 67.
        case unicast(IPv4Address)
    }

    public enum Output: Hashable, Sendable {
        case send(DHCPMessage, to: Destination)
        /// A lease was obtained or renewed: (re)configure the interface.
        case bound(Lease)
        /// The address must no longer be used.
        case lost(IPv4Prefix)
    }

    public let mac: MACAddress
    public let broadcastFlag: Bool
    public private(set) var state: State = .initial
    public private(set) var lease: Lease?
    /// When `tick(now:)` next has something to do.
    public private(set) var nextDeadline: Duration?

    private var random: UInt32
    private var xid: UInt32 = 0
    private var rememberedAddress: IPv4Address?
    private var transactionStart: Duration = .zero
    /// The message being retransmitted and how many times it has been sent.
    private var pending: (message: DHCPMessage, destination: Destination)?
    private var sent = 0

    /// REQUESTs in REQUESTING and INIT-REBOOT go unanswered this many times (about a minute) before
    /// the client starts over from INIT.
    static let requestAttempts = 4
    /// RFC 2131 3.1: wait at least ten seconds after a DHCPDECLINE before starting over.
    static let declineWait: Duration = .seconds(10)

    /// `previousAddress`, if given, is tried first with INIT-REBOOT, as a host that remembers its address.
    /// `broadcastFlag` asks servers to broadcast replies, for stacks that cannot take unicast before
    /// they are configured.
    public init(mac: MACAddress, xidSeed: UInt32, previousAddress: IPv4Address? = nil, broadcastFlag: Bool = false) {
        self.mac = mac
        // xorshift32 must not start at zero.
        random = xidSeed == 0 ? 0x9E37_79B9 : xidSeed
        rememberedAddress = previousAddress
        self.broadcastFlag = broadcastFlag
    }

    /// Starts (or restarts) acquisition: INIT-REBOOT if an address is known, else INIT.
    public mutating func start(now: Duration) -> [Output] {
        if let address = lease?.address.address ?? rememberedAddress {
            newTransaction(now)
            state = .initReboot
            var request = message(.request, now: now)
            request.requestedAddress = address
            return [transmit(request, to: .broadcast, now: now)]
        }
        return discover(now: now)
    }

    public mutating func handle(_ reply: DHCPMessage, now: Duration) -> [Output] {
        guard reply.op == .reply, reply.xid == xid, reply.chaddr == mac, let type = reply.messageType else { return [] }
        switch (state, type) {
        case (.selecting, .offer):
            // The first acceptable offer is taken.
            guard reply.yiaddr != .any, let server = reply.serverIdentifier else { return [] }
            state = .requesting
            var request = message(.request, now: now)
            request.requestedAddress = reply.yiaddr
            request.serverIdentifier = server
            return [transmit(request, to: .broadcast, now: now)]
        case (.requesting, .ack), (.initReboot, .ack), (.renewing, .ack), (.rebinding, .ack):
            guard fromChosenServer(reply), let lease = makeLease(reply, now: now) else { return [] }
            self.lease = lease
            rememberedAddress = lease.address.address
            state = .bound
            pending = nil
            nextDeadline = lease.renewAt
            return [.bound(lease)]
        case (.requesting, .nak), (.initReboot, .nak), (.renewing, .nak), (.rebinding, .nak):
            guard fromChosenServer(reply) else { return [] }
            return startOver(now: now)
        default:
            return []
        }
    }

    public mutating func tick(now: Duration) -> [Output] {
        guard let deadline = nextDeadline, now >= deadline else { return [] }
        switch state {
        case .initial:
            return discover(now: now)
        case .selecting:
            return retransmit(now: now)
        case .requesting, .initReboot:
            return sent >= DHCPClient.requestAttempts ? startOver(now: now) : retransmit(now: now)
        case .bound, .renewing, .rebinding:
            guard let lease else { return startOver(now: now) }
            if now >= lease.expiry { return startOver(now: now) }
            if now >= lease.rebindAt, state != .rebinding {
                state = .rebinding
                newTransaction(now)
                var request = message(.request, now: now)
                request.ciaddr = lease.address.address
                return [transmit(request, to: .broadcast, now: now)]
            }
            if state == .bound {
                state = .renewing
                newTransaction(now)
                var request = message(.request, now: now)
                request.ciaddr = lease.address.address
                return [transmit(request, to: .unicast(lease.server), now: now)]
            }
            return retransmit(now: now)
        }
    }

    /// The address was found in use (by ARP after the ACK): tell the server and start over later.
    public mutating func decline(now: Duration) -> [Output] {
        guard let lease, state == .bound else { return [] }
        var decline = message(.decline, now: now)
        decline.requestedAddress = lease.address.address
        decline.serverIdentifier = lease.server
        forget()
        nextDeadline = now + DHCPClient.declineWait
        return [.send(decline, to: .broadcast), .lost(lease.address)]
    }

    /// Gives the address back and stops.
    public mutating func release(now: Duration) -> [Output] {
        guard let lease, [.bound, .renewing, .rebinding].contains(state) else { return [] }
        newTransaction(now)
        var release = message(.release, now: now)
        release.ciaddr = lease.address.address
        release.serverIdentifier = lease.server
        forget()
        return [.send(release, to: .unicast(lease.server)), .lost(lease.address)]
    }

    // MARK: Transactions

    private mutating func discover(now: Duration) -> [Output] {
        newTransaction(now)
        state = .selecting
        return [transmit(message(.discover, now: now), to: .broadcast, now: now)]
    }

    /// Back to INIT after a NAK, a silent server or an expired lease.
    private mutating func startOver(now: Duration) -> [Output] {
        let lost = lease.map { [Output.lost($0.address)] } ?? []
        forget()
        return lost + discover(now: now)
    }

    private mutating func forget() {
        lease = nil
        rememberedAddress = nil
        pending = nil
        state = .initial
        nextDeadline = nil
    }

    private mutating func newTransaction(_ now: Duration) {
        random ^= random << 13
        random ^= random >> 17
        random ^= random << 5
        xid = random
        transactionStart = now
    }

    private func message(_ type: DHCPMessageType, now: Duration) -> DHCPMessage {
        var message = DHCPMessage(op: .request, xid: xid, chaddr: mac, secs: secs(now))
        message.broadcast = broadcastFlag && type != .release && type != .decline
        message.messageType = type
        message.clientIdentifier = [1] + mac.bytes
        if type == .discover || type == .request {
            message.parameterRequestList = [
                DHCPOption.subnetMask, DHCPOption.router, DHCPOption.dnsServers,
                DHCPOption.leaseTime, DHCPOption.renewalTime, DHCPOption.rebindingTime,
            ]
        }
        return message
    }

    /// Seconds since the transaction began, as the `secs` field wants.
    private func secs(_ now: Duration) -> UInt16 {
        UInt16(clamping: max(0, (now - transactionStart).components.seconds))
    }

    private mutating func transmit(_ message: DHCPMessage, to destination: Destination, now: Duration) -> Output {
        pending = (message, destination)
        sent = 1
        nextDeadline = retransmissionDeadline(now: now)
        return .send(message, to: destination)
    }

    private mutating func retransmit(now: Duration) -> [Output] {
        guard var message = pending?.message, let destination = pending?.destination else { return [] }
        message.secs = secs(now)
        pending = (message, destination)
        sent += 1
        nextDeadline = retransmissionDeadline(now: now)
        return [.send(message, to: destination)]
    }

    /// RFC 2131 4.1 (4 s doubling to 64 s) while acquiring; 4.4.5 (half the time left, at least
    /// 60 s, never past T2 or expiry) while renewing or rebinding.
    private func retransmissionDeadline(now: Duration) -> Duration {
        switch state {
        case .renewing, .rebinding:
            guard let lease else { return now }
            let limit = state == .renewing ? lease.rebindAt : lease.expiry
            return min(limit, now + max(.seconds(60), (limit - now) / 2))
        default:
            return now + .seconds(4 << min(sent - 1, 4))
        }
    }

    private func fromChosenServer(_ reply: DHCPMessage) -> Bool {
        guard state == .requesting, let chosen = pending?.message.serverIdentifier else { return true }
        return reply.serverIdentifier == nil || reply.serverIdentifier == chosen
    }

    private func makeLease(_ ack: DHCPMessage, now: Duration) -> Lease? {
        guard ack.yiaddr != .any, let seconds = ack.leaseTime,
              let server = ack.serverIdentifier ?? lease?.server else { return nil }
        let length = ack.subnetMask.flatMap(IPv4Prefix.length(ofMask:)) ?? DHCPClient.classfulLength(ack.yiaddr)
        // RFC 2131 4.4.5: T1 = 0.5 and T2 = 0.875 of the lease unless the server gives sane values.
        var t1 = UInt64(seconds) / 2
        var t2 = UInt64(seconds) * 7 / 8
        if let r = ack.renewalTime, let b = ack.rebindingTime, r < b, b <= seconds {
            t1 = UInt64(r)
            t2 = UInt64(b)
        }
        return Lease(
            address: IPv4Prefix(address: ack.yiaddr, length: length),
            router: ack.routers.first, dns: ack.dnsServers, server: server,
            renewAt: now + .seconds(t1), rebindAt: now + .seconds(t2), expiry: now + .seconds(Int64(seconds)))
    }

    /// Without a subnet mask option, the address's historical class decides.
    private static func classfulLength(_ address: IPv4Address) -> Int {
        switch address.value >> 29 {
        case 0...3: 8
        case 4, 5: 16
        default: 24
        }
    }
}
