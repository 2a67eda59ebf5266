import Wire

/// The RTX DHCP server (`dhcp service server`, `dhcp scope`), sans-IO: it is handed a parsed
/// message, the time and the scope of the interface it arrived on, and returns the reply to send.
public struct DHCPServer: Sendable {
    /// One `dhcp scope N A-B/LEN [gateway G] [expire T]`.
    public struct Scope: Equatable, Sendable {
        public var id: Int
        public var range: ClosedRange<IPv4Address>
        /// The network the addresses belong to (`/LEN` of the scope line).
        public var prefix: IPv4Prefix
        public var router: IPv4Address
        public var dns: [IPv4Address]
        /// `dns domain`, handed out as option 15.
        public var domainName: String?
        public var leaseTime: Duration
        /// The router's own address on the scope's interface: the server identifier.
        public var serverAddress: IPv4Address

        /// The RTX default lease (`expire`) is 72 hours; without `gateway` the RTX announces itself.
        public init(
            id: Int, range: ClosedRange<IPv4Address>, prefix: IPv4Prefix, router: IPv4Address? = nil,
            dns: [IPv4Address] = [], domainName: String? = nil, leaseTime: Duration = .seconds(72 * 3600), serverAddress: IPv4Address
        ) {
            self.id = id
            self.range = range
            self.prefix = prefix
            self.router = router ?? serverAddress
            self.dns = dns
            self.domainName = domainName
            self.leaseTime = leaseTime
            self.serverAddress = serverAddress
        }

        /// In the range and the network, and not the network, broadcast, router or server address.
        func canAssign(_ address: IPv4Address) -> Bool {
            guard range.contains(address), prefix.contains(address),
                  address != serverAddress, address != router else { return false }
            if prefix.length >= 31 { return true }
            return address != prefix.network && address != prefix.directedBroadcast
        }
    }

    /// `dhcp server rfc2131 compliant {on | off | except remain-silent}`.
    ///
    /// YAMAHA's command reference (12.1.2, "RFC2131 対応動作の設定",
    /// rtpro.yamaha.co.jp/RT/manual/rt-common/dhcp/dhcp_server_rfc2131_compliant.html): `off` behaves
    /// as RFC 1541, `on` as RFC 2131, and `except P...` as RFC 2131 except for the named features, which
    /// stay RFC 1541. The features are broadcast-nak, none-domain-null, remain-silent, reply-ack and
    /// use-clientid. `remain-silent` is "do not send DHCPNAK for a DHCPREQUEST from a client of which the
    /// server has no lease record" (RFC 2131 4.3.2). So the RTX830 factory setting
    /// `except remain-silent` NAKs such a request: a client that reboots on a segment served by two
    /// RTXs (as in the seed) is NAKed by the one that did not lease its address and starts over.
    /// A request for an address on the wrong network is NAKed in every mode, as RFC 2131 says.
    /// none-domain-null and reply-ack change nothing here: no domain name option is sent, and option
    /// values the client asks for (lease time) are never refused, only replaced by the scope's.
    public enum Mode: Hashable, Sendable {
        case on
        case exceptRemainSilent
        case off

        var remainsSilent: Bool { self == .on }
        /// broadcast-nak: NAKs go to the broadcast address (with the B bit set through a relay).
        var broadcastsNak: Bool { self != .off }
        /// use-clientid: option 61, when present, identifies the client rather than chaddr.
        var identifiesByClientIdentifier: Bool { self != .off }
    }

    public struct Reply: Hashable, Sendable {
        /// Where the reply goes, per RFC 2131 4.1.
        public enum Destination: Hashable, Sendable {
            /// To 255.255.255.255 and ff:ff:ff:ff:ff:ff, port 68.
            case broadcast
            /// To an IP address at this hardware address (no ARP: the client may not answer yet), port 68.
            case unicast(IPv4Address, MACAddress)
            /// To the relay agent at giaddr, port 67.
            case relay(IPv4Address)
        }

        public var message: DHCPMessage
        public var destination: Destination
    }

    public struct Statistics: Hashable, Sendable {
        public var offers = 0
        public var acks = 0
        public var naks = 0
        /// DISCOVERs left unanswered because the scope had no free address.
        public var poolExhausted = 0
        public var declines = 0
        public var releases = 0
        /// Not DHCP requests, or requests this server does not answer.
        public var ignored = 0
    }

    /// How long an offered address is held for the client's REQUEST: longer than a client's
    /// retransmissions of it (4 + 8 + 16 s).
    static let offerHold: Duration = .seconds(60)
    /// How long a declined address is kept out of the pool: another host is using it.
    static let declineHold: Duration = .seconds(3600)

    public var rfc2131Compliant: Mode
    public private(set) var scopes: [Scope]
    public private(set) var statistics = Statistics()
    private var table = DHCPLeaseTable()

    /// The RTX830 factory setting is `dhcp server rfc2131 compliant except remain-silent`.
    public init(scopes: [Scope] = [], rfc2131Compliant: Mode = .exceptRemainSilent) {
        self.scopes = scopes
        self.rfc2131Compliant = rfc2131Compliant
        table.setScopes(scopes)
    }

    /// Every address the server knows of, in address order.
    public var leases: [DHCPLease] { table.table.values.sorted { $0.address < $1.address } }
    /// How many addresses the server knows of (offered, bound, declined or remembered).
    public var count: Int { table.table.count }
    /// Changes whenever a binding appears, changes or goes.
    public var bindingsVersion: Int { table.bindingsVersion }
    /// The bindings, in address order.
    public var bindings: [DHCPLease] { leases.filter { $0.state == .bound } }

    /// Replaces the scopes; a lease survives if its address can still be assigned by a new scope.
    public mutating func setScopes(_ scopes: [Scope]) {
        self.scopes = scopes
        table.setScopes(scopes)
        for (address, lease) in table.table {
            if let scope = scopes.first(where: { $0.canAssign(address) }) {
                var moved = lease
                moved.scopeID = scope.id
                table.set(moved)
            } else {
                table.remove(address)
            }
        }
    }

    /// Lapses offers and bindings and returns declined addresses to the pool.
    public mutating func expire(now: Duration) { table.expire(now: now) }

    /// When `expire(now:)` next has something to do.
    public var nextDeadline: Duration? { table.nextDeadline }

    /// Bindings from before a restart (`softrtx run` keeps them beside the config file): each address still
    /// in a scope and not yet lapsed is bound to its client again.
    public mutating func restore(_ bindings: [DHCPLease], now: Duration) {
        for var lease in bindings where lease.state == .bound && lease.expiry > now {
            guard let scope = scopes.first(where: { $0.canAssign(lease.address) }), table[lease.address] == nil else { continue }
            lease.scopeID = scope.id
            table.set(lease)
        }
    }

    public mutating func handle(_ message: DHCPMessage, now: Duration, arrivedOn scope: Scope) -> Reply? {
        expire(now: now)
        guard message.op == .request, message.htype == 1, message.hlen == 6, let type = message.messageType else {
            statistics.ignored += 1
            return nil
        }
        // Through a relay the client is on giaddr's network, not on the interface's.
        var scope = scope
        if message.giaddr != .any {
            guard let relayed = scopes.first(where: { $0.prefix.contains(message.giaddr) }) else {
                statistics.ignored += 1
                return nil
            }
            scope = relayed
        }
        let client = Client(message, byIdentifier: rfc2131Compliant.identifiesByClientIdentifier)
        let reply: Reply?
        switch type {
        case .discover: reply = discover(message, client, scope, now)
        case .request: reply = request(message, client, scope, now)
        case .decline: reply = decline(message, client, scope, now)
        case .release: reply = release(message, client, scope, now)
        case .inform: reply = inform(message, scope)
        case .offer, .ack, .nak: reply = nil
        }
        switch reply?.message.messageType {
        case .offer: statistics.offers += 1
        case .ack: statistics.acks += 1
        case .nak: statistics.naks += 1
        default: if type != .decline, type != .release { statistics.ignored += 1 }
        }
        return reply
    }

    // MARK: Messages

    private mutating func discover(_ m: DHCPMessage, _ client: Client, _ scope: Scope, _ now: Duration) -> Reply? {
        // RFC 2131 4.3.1: the client's current or previous address, then the one it asks for, then a free one;
        // with none left, the oldest offer still waiting for its REQUEST.
        let address: IPv4Address
        if let previous = record(of: client, in: scope) {
            address = previous.address
        } else if let requested = m.requestedAddress, isAvailable(requested, to: client, in: scope) {
            address = requested
        } else if let free = table.lowestFree(in: scope) ?? table.oldestOffer(in: scope) {
            address = free
        } else {
            statistics.poolExhausted += 1
            return nil
        }
        // An offer must not cut short a binding the client already holds.
        if table[address]?.state != .bound {
            assign(address, to: client, m, scope, state: .offered, expiry: now + DHCPServer.offerHold)
        }
        return Reply(message: reply(.offer, to: m, yiaddr: address, scope: scope), destination: destination(m, yiaddr: address))
    }

    private mutating func request(_ m: DHCPMessage, _ client: Client, _ scope: Scope, _ now: Duration) -> Reply? {
        if let server = m.serverIdentifier {
            // SELECTING: the client chose this server's offer, or another's.
            guard server == scope.serverAddress else {
                if var offered = record(of: client, in: scope), offered.state == .offered {
                    offered.state = .free
                    table.set(offered)
                }
                return nil
            }
            guard let requested = m.requestedAddress, isAvailable(requested, to: client, in: scope) else {
                return nak(m, scope)
            }
            return ack(m, client, requested, scope, now)
        }
        // INIT-REBOOT asks for `requested`; RENEWING (unicast) and REBINDING (broadcast) name ciaddr.
        let rebooting = m.ciaddr == .any
        guard let address = rebooting ? m.requestedAddress : m.ciaddr else { return nil }
        if rebooting, !scope.prefix.contains(address) { return nak(m, scope) }
        let lease = record(of: client, in: scope)
        // A renewal must find the binding; after a reboot a remembered, still free address will do.
        if let lease, lease.address == address, lease.state == .bound || rebooting {
            return ack(m, client, address, scope, now)
        }
        // The client is wrong about an offer or binding we hold for it; a lapsed one is no record.
        if let lease, lease.state != .free { return nak(m, scope) }
        return rfc2131Compliant.remainsSilent ? nil : nak(m, scope)
    }

    private mutating func decline(_ m: DHCPMessage, _ client: Client, _ scope: Scope, _ now: Duration) -> Reply? {
        guard m.serverIdentifier == scope.serverAddress, let address = m.requestedAddress,
              let lease = table[address], client.owns(lease), lease.state != .free else { return nil }
        statistics.declines += 1
        var declined = lease
        declined.state = .declined
        declined.expiry = now + DHCPServer.declineHold
        table.set(declined)
        return nil
    }

    private mutating func release(_ m: DHCPMessage, _ client: Client, _ scope: Scope, _ now: Duration) -> Reply? {
        guard m.serverIdentifier == nil || m.serverIdentifier == scope.serverAddress,
              var lease = table[m.ciaddr], client.owns(lease), lease.state == .bound else { return nil }
        statistics.releases += 1
        lease.state = .free
        lease.expiry = now
        table.set(lease)
        return nil
    }

    /// A client configured by hand asks for parameters only: no address, no lease time.
    private func inform(_ m: DHCPMessage, _ scope: Scope) -> Reply? {
        var message = reply(.ack, to: m, yiaddr: .any, scope: scope)
        message.ciaddr = m.ciaddr
        message.leaseTime = nil
        message.renewalTime = nil
        message.rebindingTime = nil
        let destination: Reply.Destination =
            m.giaddr != .any ? .relay(m.giaddr) : m.ciaddr != .any ? .unicast(m.ciaddr, m.chaddr) : .broadcast
        return Reply(message: message, destination: destination)
    }

    private mutating func ack(_ m: DHCPMessage, _ client: Client, _ address: IPv4Address, _ scope: Scope, _ now: Duration) -> Reply {
        assign(address, to: client, m, scope, state: .bound, expiry: now + scope.leaseTime)
        var message = reply(.ack, to: m, yiaddr: address, scope: scope)
        message.ciaddr = m.ciaddr
        return Reply(message: message, destination: destination(m, yiaddr: address))
    }

    private func nak(_ m: DHCPMessage, _ scope: Scope) -> Reply {
        var message = DHCPMessage(op: .reply, xid: m.xid, chaddr: m.chaddr, flags: m.flags, giaddr: m.giaddr)
        message.messageType = .nak
        message.serverIdentifier = scope.serverAddress
        let destination: Reply.Destination
        if m.giaddr != .any {
            // The relay must broadcast it: the client's address or mask may be wrong.
            message.broadcast = message.broadcast || rfc2131Compliant.broadcastsNak
            destination = .relay(m.giaddr)
        } else if rfc2131Compliant.broadcastsNak || m.ciaddr == .any {
            destination = .broadcast
        } else {
            destination = .unicast(m.ciaddr, m.chaddr)
        }
        return Reply(message: message, destination: destination)
    }

    private func reply(_ type: DHCPMessageType, to m: DHCPMessage, yiaddr: IPv4Address, scope: Scope) -> DHCPMessage {
        var message = DHCPMessage(op: .reply, xid: m.xid, chaddr: m.chaddr, flags: m.flags, yiaddr: yiaddr, giaddr: m.giaddr)
        message.messageType = type
        message.serverIdentifier = scope.serverAddress
        let seconds = UInt64(UInt32(clamping: scope.leaseTime.components.seconds))
        message.leaseTime = UInt32(seconds)
        // RFC 2131 4.4.5 defaults: T1 = 0.5, T2 = 0.875 of the lease.
        message.renewalTime = UInt32(seconds / 2)
        message.rebindingTime = UInt32(seconds * 7 / 8)
        message.subnetMask = scope.prefix.mask
        message.routers = [scope.router]
        message.dnsServers = scope.dns
        message.domainName = scope.domainName
        return message
    }

    /// RFC 2131 4.1: to the relay, else to ciaddr, else broadcast if the client asks, else to yiaddr.
    private func destination(_ m: DHCPMessage, yiaddr: IPv4Address) -> Reply.Destination {
        if m.giaddr != .any { return .relay(m.giaddr) }
        if m.ciaddr != .any { return .unicast(m.ciaddr, m.chaddr) }
        if m.broadcast { return .broadcast }
        return .unicast(yiaddr, m.chaddr)
    }

    // MARK: Address table

    /// How the server tells clients apart (RFC 2131 4.2: client identifier, else chaddr).
    private struct Client {
        var mac: MACAddress
        var identifier: [UInt8]?

        init(_ m: DHCPMessage, byIdentifier: Bool) {
            mac = m.chaddr
            identifier = byIdentifier ? m.clientIdentifier : nil
        }

        var key: DHCPLeaseTable.ClientKey { identifier.map { .identifier($0) } ?? .mac(mac) }

        func owns(_ lease: DHCPLease) -> Bool {
            if let identifier { return lease.clientIdentifier == identifier }
            return lease.mac == mac
        }
    }

    /// The client's offered, bound or remembered address in this scope (a declined one is not its).
    private func record(of client: Client, in scope: Scope) -> DHCPLease? { table.record(of: client.key, in: scope) }

    private func isAvailable(_ address: IPv4Address, to client: Client, in scope: Scope) -> Bool {
        guard scope.canAssign(address) else { return false }
        guard let lease = table[address] else { return true }
        return lease.state == .free || (lease.state != .declined && client.owns(lease))
    }

    /// Gives `address` to the client; the client keeps no other address in the scope.
    private mutating func assign(
        _ address: IPv4Address, to client: Client, _ m: DHCPMessage, _ scope: Scope,
        state: DHCPLease.State, expiry: Duration
    ) {
        for other in table.addresses(of: client.key) where other != address && scope.canAssign(other) {
            if let lease = table[other], lease.state != .declined, client.owns(lease) { table.remove(other) }
        }
        table.set(DHCPLease(
            address: address, mac: m.chaddr, clientIdentifier: client.identifier, hostName: m.hostName,
            scopeID: scope.id, state: state, expiry: expiry))
    }
}
