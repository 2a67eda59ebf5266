import NIOCore
import Testing
@testable import Router
@testable import Wire

func v4(_ text: String) -> IPv4Address { IPv4Address(text)! }

/// The seed's two sites on the shared 192.168.100.0/24 segment.
let yamaha01Scope = DHCPServer.Scope(
    id: 1, range: v4("192.168.100.10")...v4("192.168.100.15"), prefix: IPv4Prefix("192.168.100.1/24")!,
    serverAddress: v4("192.168.100.1"))
let yamaha02Scope = DHCPServer.Scope(
    id: 1, range: v4("192.168.100.16")...v4("192.168.100.20"), prefix: IPv4Prefix("192.168.100.2/24")!,
    serverAddress: v4("192.168.100.2"))

func leaseHours(_ n: Int) -> Duration { .seconds(n * 3600) }

/// Servers on one segment and a client, talking only through serialized bytes.
struct DHCPSegment {
    var servers: [DHCPServer]
    var replies: [DHCPServer.Reply] = []

    init(_ scopes: DHCPServer.Scope..., mode: DHCPServer.Mode = .exceptRemainSilent) {
        servers = scopes.map { DHCPServer(scopes: [$0], rfc2131Compliant: mode) }
    }

    /// Delivers the client's messages (broadcasts to every server, unicasts to the one addressed) and
    /// the replies back until nothing more is sent; returns every client output, `first` included.
    mutating func run(_ client: inout DHCPClient, _ first: [DHCPClient.Output], now: Duration) throws -> [DHCPClient.Output] {
        var queue = first
        var all: [DHCPClient.Output] = []
        while !queue.isEmpty {
            let output = queue.removeFirst()
            all.append(output)
            guard case let .send(message, destination) = output else { continue }
            let bytes = message.buffer
            for i in servers.indices {
                let scope = servers[i].scopes[0]
                if case let .unicast(address) = destination, address != scope.serverAddress { continue }
                guard let reply = servers[i].handle(try DHCPMessage.parse(bytes), now: now, arrivedOn: scope) else { continue }
                replies.append(reply)
                queue += client.handle(try DHCPMessage.parse(reply.message.buffer), now: now)
            }
        }
        return all
    }

    /// Starts the client and runs the exchange; the lease it ends bound with, if any.
    mutating func bind(_ client: inout DHCPClient, now: Duration) throws -> DHCPClient.Lease? {
        try run(&client, client.start(now: now), now: now).boundLease
    }
}

extension [DHCPClient.Output] {
    var boundLease: DHCPClient.Lease? {
        for case let .bound(lease) in self.reversed() { return lease }
        return nil
    }

    var messages: [DHCPMessage] { compactMap { if case let .send(m, _) = $0 { m } else { nil } } }
}

func dhcpClient(_ n: UInt64, previous: IPv4Address? = nil) -> DHCPClient {
    DHCPClient(mac: MACAddress(0x00A0_DE00_0000 + n), xidSeed: UInt32(n), previousAddress: previous)
}

func dhcpMessage(_ type: DHCPMessageType, mac: UInt64, xid: UInt32 = 7) -> DHCPMessage {
    var m = DHCPMessage(op: .request, xid: xid, chaddr: MACAddress(0x00A0_DE00_0000 + mac))
    m.messageType = type
    return m
}

@Suite struct DHCPServerTests {
    @Test func clientAndServerBindThroughBytes() throws {
        var segment = DHCPSegment(yamaha01Scope)
        var pc = dhcpClient(1)
        let now = Duration.seconds(100)
        let lease = try #require(try segment.bind(&pc, now: now))
        #expect(lease.address == IPv4Prefix("192.168.100.10/24"))
        #expect(lease.router == v4("192.168.100.1"))
        #expect(lease.server == v4("192.168.100.1"))
        #expect(lease.expiry == now + leaseHours(72))
        #expect(lease.renewAt == now + leaseHours(36))
        #expect(lease.rebindAt == now + leaseHours(63))
        #expect(pc.state == .bound)
        // Without the broadcast flag, replies go to yiaddr at chaddr.
        #expect(segment.replies.map(\.destination) == Array(repeating: .unicast(v4("192.168.100.10"), pc.mac), count: 2))
        #expect(segment.replies.map(\.message.messageType) == [.offer, .ack])
        let server = segment.servers[0]
        #expect(server.leases == [DHCPLease(
            address: v4("192.168.100.10"), mac: pc.mac, clientIdentifier: [1] + pc.mac.bytes,
            scopeID: 1, state: .bound, expiry: now + leaseHours(72))])
        #expect(server.statistics.offers == 1 && server.statistics.acks == 1)
    }

    @Test func twoRoutersOnTheSharedSegment() throws {
        // Both answer the DISCOVER; the client takes the first offer, and the other server,
        // seeing a REQUEST naming another server, forgets its offer.
        var both = DHCPSegment(yamaha01Scope, yamaha02Scope)
        var pc1 = dhcpClient(1)
        #expect(try both.bind(&pc1, now: .zero)?.address.address == v4("192.168.100.10"))
        #expect(both.replies.map(\.message.messageType) == [.offer, .offer, .ack])
        #expect(both.servers[1].leases.allSatisfy { $0.state == .free })

        var site2 = DHCPSegment(yamaha02Scope)
        var pc2 = dhcpClient(2)
        let lease = try #require(try site2.bind(&pc2, now: .zero))
        #expect(lease.address == IPv4Prefix("192.168.100.16/24"))
        #expect(lease.router == v4("192.168.100.2"))
    }

    @Test func exhaustedScopeMakesNoOffer() throws {
        var small = yamaha01Scope
        small.range = v4("192.168.100.10")...v4("192.168.100.11")
        var segment = DHCPSegment(small)
        var a = dhcpClient(1), b = dhcpClient(2), c = dhcpClient(3)
        #expect(try segment.bind(&a, now: .zero)?.address.address == v4("192.168.100.10"))
        #expect(try segment.bind(&b, now: .zero)?.address.address == v4("192.168.100.11"))
        #expect(try segment.bind(&c, now: .zero) == nil)
        #expect(c.state == .selecting)
        #expect(segment.servers[0].statistics.poolExhausted == 1)

        _ = try segment.run(&a, a.release(now: .seconds(10)), now: .seconds(10))
        #expect(segment.servers[0].statistics.releases == 1)
        #expect(try segment.run(&c, c.tick(now: .seconds(10)), now: .seconds(10)).boundLease?.address.address
            == v4("192.168.100.10"))
    }

    @Test(arguments: [DHCPServer.Mode.on, .exceptRemainSilent, .off])
    func initRebootWithAnotherServersAddress(mode: DHCPServer.Mode) throws {
        // A PC that got .16 from yamaha02 reboots; yamaha01 has no record of it.
        var server = DHCPServer(scopes: [yamaha01Scope], rfc2131Compliant: mode)
        var pc = dhcpClient(1, previous: v4("192.168.100.16"))
        let request = try #require(pc.start(now: .zero).messages.first)
        #expect(request.messageType == .request && request.serverIdentifier == nil && request.ciaddr == .any)
        #expect(request.requestedAddress == v4("192.168.100.16"))
        let reply = server.handle(try DHCPMessage.parse(request.buffer), now: .zero, arrivedOn: yamaha01Scope)
        if mode == .on {
            #expect(reply == nil)
        } else {
            let nak = try #require(reply)
            #expect(nak.message.messageType == .nak)
            #expect(nak.message.serverIdentifier == v4("192.168.100.1"))
            #expect(nak.message.yiaddr == .any)
            #expect(nak.destination == .broadcast)
            // The client starts over.
            let outputs = pc.handle(try DHCPMessage.parse(nak.message.buffer), now: .seconds(1))
            #expect(outputs.messages.map(\.messageType) == [.discover])
        }
    }

    @Test func lapsedLeaseIsNoRecord() throws {
        // Under `on`, a client the server only remembers (released) is not NAKed for another address.
        var segment = DHCPSegment(yamaha01Scope, mode: .on)
        var pc = dhcpClient(1)
        _ = try segment.bind(&pc, now: .zero)
        _ = try segment.run(&pc, pc.release(now: .seconds(1)), now: .seconds(1))
        var request = dhcpMessage(.request, mac: 1)
        request.clientIdentifier = [1] + pc.mac.bytes
        request.requestedAddress = v4("192.168.100.17")
        #expect(segment.servers[0].handle(request, now: .seconds(2), arrivedOn: yamaha01Scope) == nil)
        request.requestedAddress = v4("192.168.100.10")
        #expect(segment.servers[0].handle(request, now: .seconds(2), arrivedOn: yamaha01Scope)?.message.messageType == .ack)
    }

    @Test(arguments: [DHCPServer.Mode.on, .exceptRemainSilent])
    func initRebootOnTheWrongNetworkIsAlwaysNaked(mode: DHCPServer.Mode) throws {
        var server = DHCPServer(scopes: [yamaha01Scope], rfc2131Compliant: mode)
        var request = dhcpMessage(.request, mac: 1)
        request.requestedAddress = v4("10.1.2.3")
        #expect(server.handle(request, now: .zero, arrivedOn: yamaha01Scope)?.message.messageType == .nak)
    }

    @Test func initRebootWithItsOwnAddressIsAcked() throws {
        var segment = DHCPSegment(yamaha01Scope, mode: .on)
        var pc = dhcpClient(1)
        _ = try segment.bind(&pc, now: .zero)
        let lease = try segment.bind(&pc, now: leaseHours(1))
        #expect(segment.replies.last?.message.messageType == .ack)
        #expect(lease?.address.address == v4("192.168.100.10"))
        #expect(lease?.expiry == leaseHours(73))
    }

    @Test func leasesExpireAndReturningClientGetsItsAddressBack() throws {
        var segment = DHCPSegment(yamaha01Scope)
        var a = dhcpClient(1), b = dhcpClient(2)
        _ = try segment.bind(&a, now: .zero)
        #expect(segment.servers[0].nextDeadline == leaseHours(72))
        segment.servers[0].expire(now: leaseHours(72))
        #expect(segment.servers[0].leases.map(\.state) == [.free])
        // A newcomer gets a never-used address; the old client its previous one.
        #expect(try segment.bind(&b, now: leaseHours(73))?.address.address == v4("192.168.100.11"))
        var aAgain = dhcpClient(1)
        #expect(try segment.bind(&aAgain, now: leaseHours(73))?.address.address == v4("192.168.100.10"))
    }

    @Test func offerHoldsTheAddressBriefly() {
        var server = DHCPServer(scopes: [yamaha01Scope])
        let first = server.handle(dhcpMessage(.discover, mac: 1), now: .zero, arrivedOn: yamaha01Scope)
        let second = server.handle(dhcpMessage(.discover, mac: 2), now: .seconds(1), arrivedOn: yamaha01Scope)
        #expect(first?.message.yiaddr == v4("192.168.100.10"))
        #expect(second?.message.yiaddr == v4("192.168.100.11"))
        #expect(server.leases.map(\.state) == [.offered, .offered])
        server.expire(now: .seconds(61))
        #expect(server.leases.map(\.state) == [.free, .free])
    }

    @Test func requestedAddressIsOfferedWhenFree() {
        var server = DHCPServer(scopes: [yamaha01Scope])
        var discover = dhcpMessage(.discover, mac: 1)
        discover.requestedAddress = v4("192.168.100.14")
        #expect(server.handle(discover, now: .zero, arrivedOn: yamaha01Scope)?.message.yiaddr == v4("192.168.100.14"))
        discover.requestedAddress = v4("192.168.100.16")
        #expect(server.handle(discover, now: .zero, arrivedOn: yamaha01Scope)?.message.yiaddr == v4("192.168.100.14"))
    }

    @Test func declinedAddressIsSetAside() throws {
        var segment = DHCPSegment(yamaha01Scope)
        var pc = dhcpClient(1)
        _ = try segment.bind(&pc, now: .zero)
        // ARP found 192.168.100.10 in use.
        let declined = try segment.run(&pc, pc.decline(now: .seconds(1)), now: .seconds(1))
        #expect(declined.messages.map(\.messageType) == [.decline])
        #expect(declined.contains(.lost(IPv4Prefix("192.168.100.10/24")!)))
        #expect(segment.servers[0].leases.first?.state == .declined)
        #expect(segment.servers[0].statistics.declines == 1)
        #expect(pc.nextDeadline == .seconds(11))
        let again = try segment.run(&pc, pc.tick(now: .seconds(11)), now: .seconds(11))
        #expect(again.boundLease?.address.address == v4("192.168.100.11"))
        segment.servers[0].expire(now: .seconds(1) + leaseHours(1))
        #expect(segment.servers[0].leases.map(\.address) == [v4("192.168.100.11")])
    }

    @Test func releaseFreesTheAddress() throws {
        var segment = DHCPSegment(yamaha01Scope)
        var pc = dhcpClient(1)
        _ = try segment.bind(&pc, now: .zero)
        let outputs = try segment.run(&pc, pc.release(now: .seconds(5)), now: .seconds(5))
        #expect(outputs.messages.first?.ciaddr == v4("192.168.100.10"))
        #expect(pc.state == .initial && pc.lease == nil && pc.nextDeadline == nil)
        #expect(segment.servers[0].leases.map(\.state) == [.free])
        #expect(segment.servers[0].leases.first?.expiry == .seconds(5))
    }

    @Test func replyDestinations() {
        var server = DHCPServer(scopes: [yamaha01Scope])
        var discover = dhcpMessage(.discover, mac: 1)
        discover.broadcast = true
        let offer = server.handle(discover, now: .zero, arrivedOn: yamaha01Scope)
        #expect(offer?.destination == .broadcast)
        #expect(offer?.message.broadcast == true)

        var inform = dhcpMessage(.inform, mac: 2)
        inform.ciaddr = v4("192.168.100.50")
        let ack = server.handle(inform, now: .zero, arrivedOn: yamaha01Scope)
        #expect(ack?.destination == .unicast(v4("192.168.100.50"), MACAddress(0x00A0_DE00_0002)))
        #expect(ack?.message.messageType == .ack && ack?.message.leaseTime == nil)
        #expect(ack?.message.subnetMask == v4("255.255.255.0") && ack?.message.yiaddr == .any)
    }

    @Test func relayedRequestsUseTheRelaysScope() {
        let remote = DHCPServer.Scope(
            id: 2, range: v4("10.0.5.100")...v4("10.0.5.110"), prefix: IPv4Prefix("10.0.5.0/24")!,
            router: v4("10.0.5.1"), serverAddress: v4("192.168.100.1"))
        var server = DHCPServer(scopes: [yamaha01Scope, remote])
        var discover = dhcpMessage(.discover, mac: 1)
        discover.giaddr = v4("10.0.5.1")
        let offer = server.handle(discover, now: .zero, arrivedOn: yamaha01Scope)
        #expect(offer?.destination == .relay(v4("10.0.5.1")))
        #expect(offer?.message.yiaddr == v4("10.0.5.100"))
        #expect(offer?.message.giaddr == v4("10.0.5.1"))

        var request = dhcpMessage(.request, mac: 1)
        request.giaddr = v4("10.0.5.1")
        request.requestedAddress = v4("192.168.100.20")
        let nak = server.handle(request, now: .zero, arrivedOn: yamaha01Scope)
        #expect(nak?.message.messageType == .nak && nak?.message.broadcast == true)
        #expect(nak?.destination == .relay(v4("10.0.5.1")))
    }

    @Test func renewalFromAnUnknownClient() {
        var request = dhcpMessage(.request, mac: 9)
        request.ciaddr = v4("192.168.100.12")
        var silent = DHCPServer(scopes: [yamaha01Scope], rfc2131Compliant: .on)
        #expect(silent.handle(request, now: .zero, arrivedOn: yamaha01Scope) == nil)
        var rtx = DHCPServer(scopes: [yamaha01Scope])
        #expect(rtx.handle(request, now: .zero, arrivedOn: yamaha01Scope)?.destination == .broadcast)
        // RFC 1541 behaviour: the NAK goes to the address the client claims.
        var old = DHCPServer(scopes: [yamaha01Scope], rfc2131Compliant: .off)
        #expect(old.handle(request, now: .zero, arrivedOn: yamaha01Scope)?.destination
            == .unicast(v4("192.168.100.12"), MACAddress(0x00A0_DE00_0009)))
    }

    @Test func setScopesKeepsLeasesThatStillFit() throws {
        var segment = DHCPSegment(yamaha01Scope)
        var a = dhcpClient(1)
        var discover = dhcpMessage(.discover, mac: 2)
        discover.requestedAddress = v4("192.168.100.15")
        _ = try segment.bind(&a, now: .zero)
        _ = segment.servers[0].handle(discover, now: .zero, arrivedOn: yamaha01Scope)
        var narrower = yamaha01Scope
        narrower.id = 3
        narrower.range = v4("192.168.100.10")...v4("192.168.100.12")
        segment.servers[0].setScopes([narrower])
        #expect(segment.servers[0].leases.map(\.address) == [v4("192.168.100.10")])
        #expect(segment.servers[0].leases.first?.scopeID == 3)
    }

    @Test func ignoresRepliesAndBootp() {
        var server = DHCPServer(scopes: [yamaha01Scope])
        var reply = dhcpMessage(.offer, mac: 1)
        reply.op = .reply
        #expect(server.handle(reply, now: .zero, arrivedOn: yamaha01Scope) == nil)
        let bootp = DHCPMessage(op: .request, xid: 1, chaddr: MACAddress(1))
        #expect(server.handle(bootp, now: .zero, arrivedOn: yamaha01Scope) == nil)
        #expect(server.statistics.ignored == 2)
        #expect(server.leases.isEmpty)
    }
}
