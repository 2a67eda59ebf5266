import ArgumentParser
import Router
import Wire

/// `softrtx bench dhcp`: the DHCP server's rate with a table of 60,000 bindings beside its rate with
/// 1,000, in the same run: a ratio near 1 says a message costs the same however full the table is.
struct DHCPBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dhcp", abstract: "DHCP server messages per second (DISCOVER + REQUEST) with 1,000 and with 60,000 bindings.")

    @Option(help: "Bindings in the large table.")
    var leases = 60_000

    func run() throws {
        let small = rate(bound: 1_000)
        let large = rate(bound: leases)
        print("dhcp: \(Int(small)) messages/s with 1000 bindings, \(Int(large)) messages/s with \(leases) bindings, "
              + "ratio \(String(format: "%.2f", large / small))")
    }

    /// Binds `bound` clients in a /15 scope, then times DISCOVER + REQUEST for 5,000 more.
    private func rate(bound: Int) -> Double {
        let scope = DHCPServer.Scope(id: 1, range: IPv4Address(10, 0, 0, 2)...IPv4Address(10, 1, 255, 254),
                                     prefix: IPv4Prefix("10.0.0.1/15")!, serverAddress: IPv4Address(10, 0, 0, 1))
        var server = DHCPServer(scopes: [scope])
        var now = Duration.zero
        func bind(_ client: Int) {
            now += .microseconds(10)
            let mac = MACAddress(0x02_00_00_00_00_00 | UInt64(client))
            var discover = DHCPMessage(op: .request, xid: UInt32(client), chaddr: mac)
            discover.messageType = .discover
            guard let offer = server.handle(discover, now: now, arrivedOn: scope)?.message else { return }
            var request = DHCPMessage(op: .request, xid: UInt32(client), chaddr: mac)
            request.messageType = .request
            request.serverIdentifier = scope.serverAddress
            request.requestedAddress = offer.yiaddr
            _ = server.handle(request, now: now, arrivedOn: scope)
        }
        for client in 0..<bound { bind(client) }
        let timed = 5_000
        let clock = ContinuousClock()
        let start = clock.now
        for client in bound..<(bound + timed) { bind(client) }
        let elapsed = clock.now - start
        return Double(2 * timed) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
