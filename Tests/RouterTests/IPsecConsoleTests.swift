import Config
import Testing
import Wire
@testable import Router

@Suite struct IPsecConsoleTests {
    func output(_ r: Router, _ line: String) -> String {
        r.enter(line, now: .zero)
        return r.takeConsoleOutput()
    }

    @Test func withoutSAsShowIPsecSAPrintsNothing() {
        let r = Router(name: "r", seed: 1)
        #expect(output(r, "show ipsec sa") == "")
        #expect(output(r, "show ipsec sa gateway 1") == "")
        #expect(output(r, "show ipsec sa gateway 1 detail") == "")
        #expect(output(r, "show ipsec sa gateway x") == "Error: Invalid parameter\n")
    }

    @Test func operationalIPsecCommandsAreNotConfig() {
        let r = Router(name: "r", seed: 1)
        let before = r.running
        #expect(output(r, "ipsec refresh sa") == "")
        #expect(output(r, "ipsec sa delete all") == "")
        #expect(output(r, "ipsec sa delete 7") == "Error: No such SA\n")
        #expect(output(r, "ipsec sa delete seven") == "Error: Invalid parameter\n")
        #expect(r.running == before)
        // Configuration lines starting with `ipsec` still reach the config.
        #expect(output(r, "ipsec auto refresh on") == "")
        #expect(r.running.ipsecAutoRefresh == true)
    }

    @Test func aGatewayWithoutSAPolicyIsNotNegotiated() {
        let r = Router(name: "r", seed: 1)
        for line in ["ip lan2 address 10.0.0.1/24", "ipsec ike remote address 1 10.0.0.2", "ipsec ike pre-shared-key 1 text k",
                     "ipsec auto refresh on"] {
            #expect(output(r, line) == "")
        }
        r.advance(to: .seconds(1))
        #expect(r.takeTransmissions().isEmpty, "no SA policy names gateway 1: no IKE")
        #expect(output(r, "ipsec sa policy 100 1 esp aes-cbc sha-hmac") == "")
        r.advance(to: .seconds(2))
        #expect(r.log.entries.contains { $0.message == "[IKE] initiate ISAKMP phase to 10.0.0.2 (local address 10.0.0.1)" })
    }
}

@Suite struct IKEPolicyMappingTests {
    @Test(arguments: [("aes-cbc", "sha-hmac"), ("aes256-cbc", "sha256-hmac"), ("3des-cbc", "md5-hmac")])
    func configNamesBecomeAlgorithms(encryption: String, authentication: String) {
        let r = Router(name: "r", seed: 1)
        for line in ["ip lan2 address 10.0.0.1/24", "ipsec ike remote address 1 10.0.0.2", "ipsec ike pre-shared-key 1 text k",
                     "ipsec ike encryption 1 \(encryption)", "ipsec sa policy 100 1 esp \(encryption) \(authentication)"] {
            r.enter(line, now: .zero)
        }
        let policy = r.ikePolicies(r.running).first
        #expect(policy?.phase2.encryption.rawValue == encryption)
        #expect(policy?.phase2.integrity.rawValue == authentication)
        #expect(policy?.phase1.first?.encryption.rawValue == encryption)
    }

    @Test func desIsReadButNotNegotiated() {
        let r = Router(name: "r", seed: 1)
        for line in ["ip lan2 address 10.0.0.1/24", "ipsec ike remote address 1 10.0.0.2", "ipsec ike pre-shared-key 1 text k",
                     "ipsec ike encryption 1 des-cbc", "ipsec sa policy 100 1 esp des-cbc sha-hmac"] {
            r.enter(line, now: .zero)
        }
        #expect(r.takeConsoleOutput() == "")
        #expect(r.ikePolicies(r.running).isEmpty)
    }
}
