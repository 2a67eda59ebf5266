import NIOCore
import Testing
import Wire
@testable import PPP

/// The `PPP` module's client and access concentrator against each other, frames shuttled between
/// them with a small delay: both ends agree on the session, the address and the DNS servers, carry
/// IPv4 both ways, and each notices when the other ends it.
struct PPPoEPairTests {
    struct Pair {
        var client: PPPoEClient
        var server: PPPoEServer
        var now: Duration = .zero
        var up: [PPPoEClient.Link] = []
        var downs: [String] = []
        var serverUp: [PPPoEServer.Session] = []
        var serverDown: [String] = []
        var toServer: [ByteBuffer] = []
        var fromSession: [ByteBuffer] = []
        var clientDrops: [DropReason] = []
        var serverDrops: [DropReason] = []

        init(auth: PPPAuthProtocol, accept: Set<PPPAuthProtocol> = [.pap, .chap], password: String = "secret1") {
            var settings = ScriptedPPPoEPeer.settings(auth: auth)
            settings.echoInterval = .seconds(10)
            server = PPPoEServer(settings: settings, mac: ScriptedPPPoEPeer.acMAC, random: SeededGenerator(seed: 5))
            var clientSettings = PPPoEClientSettings()
            clientSettings.username = "branch1"
            clientSettings.password = password
            clientSettings.acceptedAuth = accept
            clientSettings.requestAddress = true
            clientSettings.requestDNS = true
            clientSettings.keepalive = .init(interval: .seconds(10), retryInterval: .seconds(2), count: 3)
            client = PPPoEClient(settings: clientSettings, mac: MACAddress(0x02_00_00_00_00_0A), random: SeededGenerator(seed: 6))
        }

        /// Runs both ends for `span` in 100 ms steps, moving every frame across at once.
        mutating func run(for span: Duration) {
            let end = now + span
            while now <= end {
                var moved = true
                while moved {
                    moved = false
                    for out in client.takeOutput() {
                        switch out {
                        case let .frame(f):
                            moved = true
                            guard let (eth, payload) = try? EthernetHeader.parse(f) else { continue }
                            server.receive(payload, etherType: eth.etherType, source: eth.source, now: now)
                        case let .up(link): up.append(link)
                        case let .down(why): downs.append(why)
                        case let .drop(d): clientDrops.append(d)
                        case .log, .pppoeLog: break
                        }
                    }
                    for out in server.takeOutput() {
                        switch out {
                        case let .frame(f):
                            moved = true
                            guard let (eth, payload) = try? EthernetHeader.parse(f) else { continue }
                            if eth.etherType == EtherType.pppoeSession, let p = try? PPPoESessionHeader.parse(payload), p.protocol == PPPProtocol.ipv4 {
                                toServer.append(p.body)
                            } else {
                                client.receive(payload, etherType: eth.etherType, source: eth.source, now: now)
                            }
                        case let .sessionUp(s): serverUp.append(s)
                        case let .sessionDown(_, why): serverDown.append(why)
                        case let .ipv4(p, _): fromSession.append(p)
                        case let .drop(d): serverDrops.append(d)
                        case .log: break
                        }
                    }
                }
                now += .milliseconds(100)
                client.advance(to: now)
                server.advance(to: now)
            }
        }
    }

    @Test(arguments: [PPPAuthProtocol.chap, .pap])
    func bothEndsAgree(auth: PPPAuthProtocol) throws {
        var pair = Pair(auth: auth)
        pair.client.connect(now: .zero)
        pair.run(for: .seconds(2))
        let link = try #require(pair.up.first, "client drops \(pair.clientDrops), server drops \(pair.serverDrops)")
        let session = try #require(pair.serverUp.first)
        #expect(link.sessionID == session.id && link.address == session.address && link.address == IPv4Address(100, 64, 0, 10))
        #expect(link.peerAddress == IPv4Address(100, 64, 0, 1) && link.acName == "ISP-AC")
        #expect(link.dns == [IPv4Address(203, 0, 113, 53), IPv4Address(203, 0, 113, 54)])
        #expect(link.mtu == 1454)
        #expect(pair.client.status.authProtocol == auth)
        // IPv4 both ways.
        var packet = IPv4Header.packet(source: link.address, destination: IPv4Address(203, 0, 113, 80), protocol: IPProtocol.udp, ttl: 64,
                                       identification: 7, payload: ByteBuffer(bytes: [0, 1, 0, 2, 0, 8, 0, 0]))
        let sent = packet
        link.encapsulate(ipv4: &packet, ourMAC: pair.client.mac)
        let (eth, payload) = try EthernetHeader.parse(packet)
        pair.server.receive(payload, etherType: eth.etherType, source: eth.source, now: pair.now)
        pair.run(for: .zero)
        #expect(pair.fromSession == [sent])
        let frame = try #require(pair.server.send(ipv4: sent, to: link.address))
        let parsed = try PPPoESessionHeader.parse(try EthernetHeader.parse(frame).payload)
        #expect(parsed.sessionID == link.sessionID && parsed.body == sent)
        // Keepalive both ways for a minute: still up, nothing refused.
        pair.run(for: .seconds(60))
        #expect(pair.downs.isEmpty && pair.serverDown.isEmpty)
        #expect(pair.clientDrops.isEmpty && pair.serverDrops.isEmpty, "\(pair.clientDrops) \(pair.serverDrops)")
    }

    @Test func wrongPasswordNeverComesUp() {
        var pair = Pair(auth: .chap, password: "wrong")
        pair.client.connect(now: .zero)
        pair.run(for: .seconds(5))
        #expect(pair.up.isEmpty && pair.serverUp.isEmpty && pair.server.sessions.isEmpty)
    }

    @Test func aClientThatWillNotDoTheAuthProtocolNeverComesUp() {
        var pair = Pair(auth: .chap, accept: [.pap])
        pair.client.connect(now: .zero)
        pair.run(for: .seconds(70))
        #expect(pair.up.isEmpty && pair.server.sessions.isEmpty)
    }

    @Test func theServerEndingTheSessionTakesTheClientDown() throws {
        var pair = Pair(auth: .chap)
        pair.client.connect(now: .zero)
        pair.run(for: .seconds(2))
        let session = try #require(pair.serverUp.first)
        pair.server.terminate(sessionID: session.id, now: pair.now)
        pair.run(for: .seconds(2))
        #expect(pair.downs.count == 1 && pair.client.link == nil)
        #expect(pair.serverDown == ["terminated by the access concentrator"] && pair.server.sessions.isEmpty)
    }

    @Test func theClientDisconnectingEndsTheServerSession() throws {
        var pair = Pair(auth: .pap)
        pair.client.connect(now: .zero)
        pair.run(for: .seconds(2))
        #expect(pair.serverUp.count == 1)
        pair.client.disconnect(now: pair.now)
        pair.run(for: .seconds(10))
        #expect(pair.server.sessions.isEmpty && pair.serverDown.count == 1)
    }

    /// A concentrator that forgot the session: the client's keepalive finds out.
    @Test func aForgottenSessionIsFoundOutByTheClientsKeepalive() throws {
        var pair = Pair(auth: .chap)
        pair.client.connect(now: .zero)
        pair.run(for: .seconds(2))
        let session = try #require(pair.serverUp.first)
        pair.server.forget(sessionID: session.id)
        pair.run(for: .seconds(60))
        #expect(pair.downs.count == 1, "\(pair.downs)")
        #expect(pair.serverDrops.contains(.pppoeWrongSession))
    }
}
