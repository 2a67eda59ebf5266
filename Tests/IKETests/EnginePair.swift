import IKE
import IPsec
import Wire

/// Two engines wired back to back through a function that may drop or rewrite datagrams, on a virtual clock.
final class EnginePair {
    let a: IKEEngine
    let b: IKEEngine
    var now: Duration = .zero
    var logs: [String: [String]] = ["a": [], "b": []]
    var installed: [String: [ChildSA]] = ["a": [], "b": []]
    var removed: [String: [ChildSA]] = ["a": [], "b": []]
    var keyLog: [String] = []
    var drops: [String: [DropReason]] = ["a": [], "b": []]
    var sent: [(from: String, datagram: IKEDatagram)] = []
    /// Returns nil to lose a datagram; may rewrite addresses like a NAT.
    var wire: (String, IKEDatagram) -> IKEDatagram? = { _, d in d }

    init(seed: UInt64 = 1) {
        a = IKEEngine(random: SeededGenerator(seed: seed))
        b = IKEEngine(random: SeededGenerator(seed: seed &+ 1))
    }

    static let addressA = IPv4Address(10, 0, 0, 1)
    static let addressB = IPv4Address(10, 0, 0, 2)

    static func policy(
        local: IPv4Address, remote: IKEPeerPolicy.Remote, key: String = "test1234", initiates: Bool = true,
        phase1: Phase1Proposal = Phase1Proposal(encryption: .tripleDESCBC, hash: .sha1, group: .modp1024, lifetime: 28_800),
        phase2: Phase2Proposal = Phase2Proposal(encryption: .aes128CBC, integrity: .hmacSHA1_96, lifetime: 28_800, mode: .transport),
        natTraversal: Bool = false, keepalive: IKEPeerPolicy.Keepalive? = nil
    ) -> IKEPeerPolicy {
        IKEPeerPolicy(
            gateway: 1, policyID: 100, localAddress: local, remote: remote, preSharedKey: Array(key.utf8), phase1: [phase1],
            phase2: phase2, selector: .init(ipProtocol: 17, port: 1701), initiates: initiates, natTraversal: natTraversal,
            keepalive: keepalive)
    }

    /// Runs both engines until nothing is due before `until`.
    func run(until: Duration) {
        var queue: [(at: Duration, to: String, datagram: IKEDatagram)] = []
        func collect(_ name: String, _ engine: IKEEngine) {
            for output in engine.takeOutputs() {
                switch output {
                case .send(let d):
                    sent.append((name, d))
                    if let d = wire(name, d) { queue.append((now + .milliseconds(1), name == "a" ? "b" : "a", d)) }
                case .log(let line): logs[name, default: []].append(line)
                case .installed(let child): installed[name, default: []].append(child)
                case .removed(let child): removed[name, default: []].append(child)
                case .keyLog(let line): keyLog.append(line)
                case .dropped(let reason): drops[name, default: []].append(reason)
                }
            }
        }
        while true {
            collect("a", a)
            collect("b", b)
            let next = ([queue.map(\.at).min(), a.nextDeadline, b.nextDeadline].compactMap { $0 }).min()
            guard let next, next <= until else { break }
            now = max(now, next)
            if let index = queue.firstIndex(where: { $0.at <= now }) {
                let item = queue.remove(at: index)
                (item.to == "a" ? a : b).receive(item.datagram, now: now)
            } else {
                a.advance(now: now)
                b.advance(now: now)
            }
        }
        now = until
    }
}
