import Config
import Foundation
import Router
import Testing
import Wire
@testable import Host

@Suite struct DHCPLeaseFileTests {
    let config = """
        ip lan1 address 192.168.100.1/24
        dhcp service server
        dhcp scope 1 192.168.100.10-192.168.100.15/24
        """

    /// A router bound to a client; the file beside its config; a second router (a restart) reads it and
    /// gives a new client another address.
    @Test func bindingsOutliveARestart() throws {
        let dir = try TestDirectory()
        defer { dir.remove() }
        let file = DHCPLeaseFile(beside: ConfigFile(path: dir.file("yamaha01.conf")))
        #expect(file.path == dir.file("yamaha01.leases"))

        let before = Router(name: "r", config: try Config.parse(config), seed: 1)
        before.epoch = 1_800_000_000
        var lease = DHCPLease(address: IPv4Address(192, 168, 100, 10), mac: MACAddress(0x00A0_DE00_0001), clientIdentifier: [1, 0, 0xA0],
                              hostName: "pc1", scopeID: 1, state: .bound, expiry: .seconds(3600))
        before.restoreDHCPBindings([(lease, 1_800_003_600)])
        #expect(before.dhcpBindings.map(\.expiresAt) == [1_800_003_600])
        try file.write(before.dhcpBindings)
        let text = try String(contentsOfFile: file.path, encoding: .utf8)
        #expect(text == "192.168.100.10 00:a0:de:00:00:01 1800003600 id=0100a0 host=pc1\n")

        // Ten minutes later, a new run: the binding is back, with what is left of its lease.
        let after = Router(name: "r", config: try Config.parse(config), seed: 2)
        after.epoch = 1_800_000_600
        after.restoreDHCPBindings(file.read())
        let restored = try #require(after.dhcpBindings.first)
        lease.expiry = .seconds(3000)
        #expect(restored.lease == lease && restored.expiresAt == 1_800_003_600)
    }

    @Test func aDamagedLineCostsOnlyItself() throws {
        let dir = try TestDirectory()
        defer { dir.remove() }
        let file = DHCPLeaseFile(beside: ConfigFile(path: dir.file("r.conf")))
        try """
            192.168.100.11 00:a0:de:00:00:02 1800003600
            192.168.100.999 00:a0:de:00:00:03 1800003600
            garbage
            192.168.100.12 00:a0:de:00:00:04 1800003600 id=zz

            """.write(toFile: file.path, atomically: true, encoding: .utf8)
        #expect(file.read().map(\.lease.address) == [IPv4Address(192, 168, 100, 11)])
    }
}
