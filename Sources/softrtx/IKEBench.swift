import ArgumentParser
import Foundation
import IKE
import IPsec
import Wire

struct IKEBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ike",
        abstract: "One IKEv1 Main Mode + Quick Mode exchange between two in-process engines (pre-shared key, 3des-cbc/sha, "
            + "ESP aes-cbc/sha-hmac) for modp1024 and modp2048, against `openssl speed ffdh2048` in the same run.")

    @Option(help: "Exchanges to time per group (after one warm-up exchange).")
    var runs = 50

    @Option(help: "Measure only this group: modp1024 or modp2048.")
    var group: String?

    @Option(help: "Seconds of `openssl speed ffdh2048`; 0 skips openssl.")
    var opensslSeconds = 2

    func run() throws {
        guard runs > 0 else { throw ValidationError("--runs must be at least 1") }
        let groups: [(String, DiffieHellmanGroup)] = [("modp1024", .modp1024), ("modp2048", .modp2048)]
        if let group, !groups.contains(where: { $0.0 == group }) { throw ValidationError("--group: modp1024 or modp2048") }
        var medians: [String: Double] = [:]
        for (name, dh) in groups where group.map({ $0 == name }) ?? true {
            _ = try IKEExchange(group: dh).run()
            var times: [Double] = []
            var messages = 0
            for _ in 0..<runs {
                let result = try IKEExchange(group: dh).run()
                times.append(result.wall)
                messages = result.messages
            }
            times.sort()
            let median = times[times.count / 2]
            medians[name] = median
            print(String(format: "%@: %d exchanges (Main Mode + Quick Mode, %d messages each), wall time per exchange "
                         + "median %.3f ms, min %.3f ms, max %.3f ms; %.0f exchanges/s",
                         name, runs, messages, median * 1e3, times[0] * 1e3, times[times.count - 1] * 1e3, 1 / median))
        }
        guard opensslSeconds > 0 else { return }
        guard let openssl = OpenSSLSpeed.executable else {
            print("openssl not found: no comparison")
            return
        }
        let ops = try ffdhSpeed(openssl)
        // Each side draws g^x and computes (g^y)^x: four modular exponentiations per exchange.
        let equivalent = 4 / ops
        print(String(format: "openssl speed -seconds %d ffdh2048: %.1f ops/s (%.3f ms per DH operation); "
                     + "4 DH operations of one exchange: %.3f ms", opensslSeconds, ops, 1e3 / ops, equivalent * 1e3))
        if let median = medians["modp2048"] {
            print(String(format: "modp2048 exchange / openssl's 4 DH operations: %.2fx (the rest is hashing, 3DES, "
                         + "payload building and parsing)", median / equivalent))
        }
    }

    /// `openssl speed ffdh2048` shared-secret derivations per second (machine-readable `+F8:` line).
    private func ffdhSpeed(_ openssl: String) throws -> Double {
        // +F8:INDEX:BITS:OPS_PER_SECOND:SECONDS_PER_OP
        let fields = try OpenSSLSpeed.result(openssl, ["-seconds", "\(opensslSeconds)", "ffdh2048"], prefix: "+F8:")
        guard fields.count >= 4, let ops = Double(fields[3]), ops > 0 else { throw ValidationError("openssl speed ffdh2048: no rate") }
        return ops
    }
}

/// Two engines back to back on a virtual clock: yamaha01 initiates, yamaha02 only responds. Every datagram one
/// sends is handed to the other a millisecond of virtual time later; only the wall time of the whole exchange counts.
struct IKEExchange {
    let initiator = IKEEngine(random: SystemRandomNumberGenerator())
    let responder = IKEEngine(random: SystemRandomNumberGenerator())
    let group: DiffieHellmanGroup

    static let addressA = IPv4Address(192, 168, 100, 1)
    static let addressB = IPv4Address(192, 168, 100, 2)

    func policy(local: IPv4Address, remote: IPv4Address, initiates: Bool) -> IKEPeerPolicy {
        IKEPeerPolicy(
            gateway: 1, policyID: 100, localAddress: local, remote: .address(remote), preSharedKey: Array("test1234".utf8),
            phase1: [Phase1Proposal(encryption: .tripleDESCBC, hash: .sha1, group: group, lifetime: 28_800)],
            phase2: Phase2Proposal(encryption: .aes128CBC, integrity: .hmacSHA1_96, lifetime: 28_800, mode: .transport),
            selector: .init(ipProtocol: 17, port: 1701), initiates: initiates)
    }

    /// Wall seconds from configuring both engines until both have installed their ESP pair, and the datagrams sent.
    func run() throws -> (wall: Double, messages: Int) {
        let clock = ContinuousClock()
        let start = clock.now
        var now = Duration.zero
        responder.configure([policy(local: Self.addressB, remote: Self.addressA, initiates: false)], now: now)
        initiator.configure([policy(local: Self.addressA, remote: Self.addressB, initiates: true)], now: now)
        var queue: [(at: Duration, toInitiator: Bool, datagram: IKEDatagram)] = []
        var installed = (initiator: 0, responder: 0)
        var messages = 0
        func collect(_ engine: IKEEngine, isInitiator: Bool) throws {
            for output in engine.takeOutputs() {
                switch output {
                case .send(let datagram):
                    messages += 1
                    queue.append((now + .milliseconds(1), !isInitiator, datagram))
                case .installed:
                    if isInitiator { installed.initiator += 1 } else { installed.responder += 1 }
                case .dropped(let reason):
                    throw ValidationError("\(isInitiator ? "initiator" : "responder") dropped a datagram: \(reason)")
                case .log, .removed, .keyLog:
                    break
                }
            }
        }
        while installed.initiator == 0 || installed.responder == 0 {
            try collect(initiator, isInitiator: true)
            try collect(responder, isInitiator: false)
            if installed.initiator > 0 && installed.responder > 0 { break }
            guard let next = [queue.map(\.at).min(), initiator.nextDeadline, responder.nextDeadline].compactMap({ $0 }).min(),
                  next < .seconds(5)
            else { throw ValidationError("\(group): the exchange did not complete") }
            now = max(now, next)
            if let index = queue.firstIndex(where: { $0.at <= now }) {
                let item = queue.remove(at: index)
                (item.toInitiator ? initiator : responder).receive(item.datagram, now: now)
            } else {
                initiator.advance(now: now)
                responder.advance(now: now)
            }
        }
        let wall = clock.now - start
        return (seconds(wall), messages)
    }
}
