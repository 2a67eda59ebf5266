import Testing
@testable import Host

@Suite struct PortBindingTests {
    @Test func parsesInterfaceAndTap() throws {
        #expect(try PortBinding(parsing: "lan1=veth1") == PortBinding(port: "lan1", device: .interface("veth1")))
        #expect(try PortBinding(parsing: "lan2=tap:rtx-wan") == PortBinding(port: "lan2", device: .tap("rtx-wan")))
    }

    @Test(arguments: ["lan1", "=eth0", "lan1=", "lan1=tap:", "lan1=averyveryverylongname", "lan1=a/b"])
    func refusesBadSpecs(spec: String) {
        #expect(throws: HostError.badPortSpec(spec)) { try PortBinding(parsing: spec) }
    }

    @Test func validatesAgainstTheModel() throws {
        let ports = ["lan1", "lan2"]
        let lan3 = [PortBinding(port: "lan3", device: .interface("eth0"))]
        #expect(throws: HostError.unknownPort("lan3", model: "RTX830", ports: ports)) {
            try PortBinding.validate(lan3, model: "RTX830", ports: ports)
        }
        #expect(HostError.unknownPort("lan3", model: "RTX830", ports: ports).description == "RTX830 has no port 'lan3' (it has lan1, lan2)")
        let twice = [PortBinding(port: "lan1", device: .interface("a")), PortBinding(port: "lan1", device: .tap("b"))]
        #expect(throws: HostError.duplicatePort("lan1")) { try PortBinding.validate(twice, model: "RTX830", ports: ports) }
    }
}
