import NIOCore
import Testing
@testable import Router
@testable import Wire

@Suite struct DHCPClientTests {
    @Test func discoverBacksOffDeterministically() {
        var pc = dhcpClient(1)
        let first = pc.start(now: .zero).messages
        #expect(first.map(\.messageType) == [.discover])
        #expect(pc.state == .selecting)
        var deadlines: [Duration] = []
        var xids: Set<UInt32> = [first[0].xid]
        var secs: [UInt16] = []
        for _ in 0..<6 {
            let deadline = pc.nextDeadline ?? .zero
            deadlines.append(deadline)
            #expect(pc.tick(now: deadline - .seconds(1)).isEmpty)
            let again = pc.tick(now: deadline).messages
            xids.formUnion(again.map(\.xid))
            secs += again.map(\.secs)
        }
        // 4, 8, 16, 32, 64, 64 seconds apart.
        #expect(deadlines == [4, 12, 28, 60, 124, 188].map { Duration.seconds($0) })
        #expect(xids.count == 1)
        #expect(secs == [4, 12, 28, 60, 124, 188])
    }

    @Test func transactionIDsComeFromTheSeed() {
        var a = dhcpClient(1), b = dhcpClient(1), c = dhcpClient(2)
        let xa = a.start(now: .zero).messages.first?.xid
        #expect(xa == b.start(now: .zero).messages.first?.xid)
        #expect(xa != c.start(now: .zero).messages.first?.xid)
    }

    @Test func ignoresOtherTransactionsAndOtherClients() throws {
        var pc = dhcpClient(1)
        let discover = try #require(pc.start(now: .zero).messages.first)
        var server = DHCPServer(scopes: [yamaha01Scope])
        let offer = try #require(server.handle(discover, now: .zero, arrivedOn: yamaha01Scope)?.message)
        var otherXid = offer
        otherXid.xid &+= 1
        var otherMAC = offer
        otherMAC.chaddr = MACAddress(0x00A0_DE00_0099)
        #expect(pc.handle(otherXid, now: .zero).isEmpty)
        #expect(pc.handle(otherMAC, now: .zero).isEmpty)
        #expect(pc.state == .selecting)
        let request = try #require(pc.handle(offer, now: .zero).messages.first)
        #expect(request.messageType == .request)
        #expect(request.xid == discover.xid)
        #expect(request.serverIdentifier == v4("192.168.100.1"))
        #expect(request.requestedAddress == v4("192.168.100.10"))
        // A second offer is not taken.
        #expect(pc.handle(offer, now: .zero).isEmpty)
    }

    @Test func renewsAtT1WithTheServer() throws {
        var segment = DHCPSegment(yamaha01Scope)
        var pc = dhcpClient(1)
        _ = try segment.bind(&pc, now: .zero)
        #expect(pc.nextDeadline == leaseHours(36))
        let renewal = pc.tick(now: leaseHours(36))
        guard case let .send(request, to: destination)? = renewal.first else {
            Issue.record("no renewal sent")
            return
        }
        #expect(destination == .unicast(v4("192.168.100.1")))
        #expect(request.ciaddr == v4("192.168.100.10"))
        #expect(request.requestedAddress == nil && request.serverIdentifier == nil)
        #expect(pc.state == .renewing)
        let outputs = try segment.run(&pc, renewal, now: leaseHours(36))
        #expect(segment.replies.last?.destination == .unicast(v4("192.168.100.10"), pc.mac))
        #expect(outputs.boundLease?.expiry == leaseHours(36 + 72))
        #expect(pc.state == .bound && pc.nextDeadline == leaseHours(36 + 36))
        #expect(segment.servers[0].leases.first?.expiry == leaseHours(36 + 72))
    }

    @Test func rebindsAtT2AndLosesTheLeaseAtExpiry() throws {
        var segment = DHCPSegment(yamaha01Scope)
        var pc = dhcpClient(1)
        _ = try segment.bind(&pc, now: .zero)
        // The server is gone: only the client's clock runs.
        var sent: [(Duration, DHCPClient.Destination)] = []
        var lost: [IPv4Prefix] = []
        while let deadline = pc.nextDeadline, deadline <= leaseHours(72) {
            for output in pc.tick(now: deadline) {
                switch output {
                case let .send(_, to: destination): sent.append((deadline, destination))
                case let .lost(prefix): lost.append(prefix)
                case .bound: Issue.record("bound without a server")
                }
            }
        }
        let server = DHCPClient.Destination.unicast(v4("192.168.100.1"))
        // RENEWING: half the time to T2 each time, at least 60 s; REBINDING likewise until expiry.
        #expect(sent.first.map { $0.0 == leaseHours(36) && $0.1 == server } == true)
        #expect(sent.filter { $0.1 == server }.allSatisfy { $0.0 < leaseHours(63) })
        #expect(sent.contains { $0.0 == leaseHours(63) && $0.1 == .broadcast })
        #expect(sent.last.map { $0.0 == leaseHours(72) && $0.1 == .broadcast } == true)
        #expect(lost == [IPv4Prefix("192.168.100.10/24")!])
        #expect(pc.state == .selecting && pc.lease == nil)
    }

    @Test func nakWhileRenewingStartsOver() throws {
        var segment = DHCPSegment(yamaha01Scope)
        var pc = dhcpClient(1)
        _ = try segment.bind(&pc, now: .zero)
        segment.servers[0].setScopes([])
        segment.servers[0].setScopes([yamaha01Scope])
        let outputs = try segment.run(&pc, pc.tick(now: leaseHours(36)), now: leaseHours(36))
        #expect(segment.replies.last?.message.messageType == .ack)
        #expect(outputs.contains(.lost(IPv4Prefix("192.168.100.10/24")!)))
        #expect(outputs.messages.map(\.messageType) == [.request, .discover, .request])
        #expect(pc.state == .bound)
    }

    @Test func unansweredRequestFallsBackToDiscover() throws {
        var pc = dhcpClient(1, previous: v4("192.168.100.16"))
        #expect(pc.start(now: .zero).messages.first?.messageType == .request)
        var types: [DHCPMessageType?] = []
        while types.count < 5, let deadline = pc.nextDeadline {
            types += pc.tick(now: deadline).messages.map(\.messageType)
        }
        #expect(types == [.request, .request, .request, .discover, .discover])
    }

    @Test func usesServerGivenTimersAndDefaultsMask() throws {
        var pc = dhcpClient(1)
        let discover = try #require(pc.start(now: .zero).messages.first)
        var offer = DHCPMessage(op: .reply, xid: discover.xid, chaddr: pc.mac, yiaddr: v4("10.0.0.7"))
        offer.messageType = .offer
        offer.serverIdentifier = v4("10.0.0.1")
        _ = pc.handle(offer, now: .zero)
        var ack = offer
        ack.messageType = .ack
        ack.leaseTime = 1000
        ack.renewalTime = 100
        ack.rebindingTime = 200
        let lease = try #require(pc.handle(ack, now: .seconds(5)).boundLease)
        #expect(lease.address == IPv4Prefix("10.0.0.7/8"))
        #expect(lease.router == nil && lease.dns.isEmpty)
        #expect(lease.renewAt == .seconds(105) && lease.rebindAt == .seconds(205) && lease.expiry == .seconds(1005))
    }
}
