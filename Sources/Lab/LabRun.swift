import Config
import Foundation
import Router
import Wire

/// Runs a lab file: builds the network, types each step into its node's console, checks
/// expectations, and writes the transcript as it goes.
public final class LabRun {
    public struct Failure: Sendable, CustomStringConvertible {
        public var step: Int
        public var node: String
        public var expected: String
        /// True when the text must not appear (a `reject`).
        public var rejected = false
        public var seen: String

        public var description: String {
            "step \(step + 1) on \(node): \(rejected ? "did not expect" : "expected") \"\(expected)\" in the output; saw:\n\(seen)"
        }
    }

    /// How long a command may run in virtual time before the lab gives up on it.
    public static let commandLimit: Duration = .seconds(600)

    public let lab: LabFile
    public let network: Network
    public private(set) var failures: [Failure] = []
    private let write: (String) -> Void
    /// The link each `link` step changes, by step index.
    private var linkOfStep: [Int: Int] = [:]

    /// Builds the network. Config errors in a router's startup config are reported with the node's name.
    public init(_ lab: LabFile, capture: Bool = false, write: @escaping (String) -> Void) throws(LabFileError) {
        self.lab = lab
        self.write = write
        network = Network(seed: lab.seed)
        if capture { network.enableCapture() }
        let root = SeededGenerator(seed: lab.seed)
        for node in lab.nodes {
            var random = root.derived(node.name)
            switch node.kind {
            case let .router(modelName, text):
                guard let model = RouterModel.named(modelName) else {
                    throw LabFileError(file: lab.fileName, line: node.line, key: "nodes.\(node.name).model", message: "unknown model")
                }
                var config: Config?
                if let text {
                    do { config = try Config.parse(text) } catch {
                        throw LabFileError(file: lab.fileName, line: node.line, key: "nodes.\(node.name).config", message: "\(error)")
                    }
                }
                let router = Router(name: node.name, model: model, config: config, seed: random.next())
                network.add(RouterNode(router: router))
            case let .host(dhcp, address, gateway, listen):
                let mac = LabRun.hostMAC(&random)
                network.add(LabHost(name: node.name, mac: mac, dhcp: dhcp, address: address, gateway: gateway, services: listen,
                                    random: random))
            case let .ethernetSwitch(ports):
                network.add(LabSwitch(name: node.name, ports: ports))
            case let .dns(address, gateway, records, ttl):
                let mac = LabRun.hostMAC(&random)
                network.add(LabHost(name: node.name, mac: mac, dhcp: false, address: address, gateway: gateway, random: random,
                                    zone: LabDNSZone(records: records, ttl: ttl)))
            case let .isp(spec):
                let mac = LabRun.hostMAC(&random)
                network.add(LabISP(name: node.name, spec: spec, mac: mac, random: random))
            }
        }
        // Dynamic DNS: an ISP updates its `dns` node's zone as each session comes up.
        for case let isp as LabISP in network.nodes.values {
            guard let server = isp.spec.dynamicDNS?.server, let host = network.nodes[server] as? LabHost else { continue }
            isp.publish = { [unowned host] name, address in host.publish(name, address: address) }
        }
        var used: Set<Endpoint> = []
        for (i, spec) in lab.links.enumerated() {
            var ends: [Endpoint] = []
            for (end, key) in [(spec.a, "a"), (spec.b, "b")] {
                let endpoint = try resolve(end, key: "links[\(i)].\(key)", line: spec.line)
                guard used.insert(endpoint).inserted else {
                    throw LabFileError(file: lab.fileName, line: spec.line, key: "links[\(i)].\(key)", message: "\(endpoint) is already linked")
                }
                ends.append(endpoint)
            }
            network.connect(ends[0], ends[1], properties: spec.properties)
        }
        for (index, step) in lab.steps.enumerated() {
            guard case let .link(end, _, line) = step else { continue }
            let key = "steps[\(index)].link"
            let endpoint = try resolve(end, key: key, line: line)
            guard let link = network.link(at: endpoint) else {
                throw LabFileError(file: lab.fileName, line: line, key: key, message: "no link at \(endpoint)")
            }
            linkOfStep[index] = link
        }
    }

    /// A lab host's MAC: locally administered (02:...), the rest from the node's randomness.
    private static func hostMAC(_ random: inout SeededGenerator) -> MACAddress {
        MACAddress(0x02_00_00_00_00_00 | (random.next() & 0xFF_FFFF_FFFF))
    }

    private func resolve(_ end: (node: String, port: String?), key: String, line: Int) throws(LabFileError) -> Endpoint {
        guard let node = network.nodes[end.node] else {
            throw LabFileError(file: lab.fileName, line: line, key: key, message: "no node named '\(end.node)'")
        }
        let port = end.port ?? node.portNames[0]
        guard node.portNames.contains(port) else {
            throw LabFileError(file: lab.fileName, line: line, key: key,
                               message: "\(end.node) has no port '\(port)' (ports: \(node.portNames.joined(separator: ", ")))")
        }
        return Endpoint(node: end.node, port: port)
    }

    /// Runs every step in order. Returns true when every expectation held.
    @discardableResult
    public func run() -> Bool {
        var lastNode: String?
        for (index, step) in lab.steps.enumerated() {
            switch step {
            case let .wait(duration):
                network.run(to: network.now + duration)
                write("(\(LabDuration.format(duration)) pass)\n")
            case let .link(_, change, _):
                guard let i = linkOfStep[index] else { continue }
                network.setProperties(change.applied(to: network.links[i].properties), ofLink: i)
                write("(link \(network.links[i].a) -- \(network.links[i].b): \(change))\n")
            case let .command(name, lines, expect, reject, _):
                guard let node = network.nodes[name] else { continue }
                // A blank line where the console changes hands, as between two terminal windows.
                if lastNode != nil && lastNode != name { write("\n") }
                lastNode = name
                var seen = ""
                for line in lines {
                    write("\(node.prompt) \(line)\n")
                    network.enter(line, on: node)
                    network.run(to: network.now + LabRun.commandLimit) { !node.isConsoleBusy }
                    let out = node.takeConsoleOutput()
                    seen += out
                    write(out)
                }
                for e in expect where !seen.contains(e) {
                    failures.append(Failure(step: index, node: name, expected: e, seen: seen))
                    write("!! expected \"\(e)\" in the output above\n")
                }
                for r in reject where seen.contains(r) {
                    failures.append(Failure(step: index, node: name, expected: r, rejected: true, seen: seen))
                    write("!! did not expect \"\(r)\" in the output above\n")
                }
            }
        }
        checkFailClosed()
        return failures.isEmpty
    }

    /// Every frame of a router whose tunnels all need IPsec was looked at as it left: L2TP in the clear fails the run.
    private func checkFailClosed() {
        let routers = network.nodes.values.compactMap { $0 as? RouterNode }.sorted { $0.name < $1.name }
        let checked = routers.map(\.failClosed.framesChecked).reduce(0, +)
        guard checked > 0 else { return }
        let violations = routers.flatMap(\.failClosed.violations)
        write("\nfail-closed: \(checked) frames from routers with l2tpv3 (IPsec) tunnels, \(violations.count) L2TP packets in the clear\n")
        for violation in violations.prefix(10) { write("!! \(violation)\n") }
        if !violations.isEmpty {
            failures.append(Failure(step: lab.steps.count - 1, node: "lab", expected: "L2TP in the clear", rejected: true,
                                    seen: violations.joined(separator: "\n")))
        }
    }

    /// The IKE and ESP keys every router negotiated so far, as Wireshark key-table lines (`--keylog`).
    public func takeKeyLog() -> [String] {
        network.nodes.values.compactMap { $0 as? RouterNode }.sorted { $0.name < $1.name }.flatMap { $0.router.takeKeyLog() }
    }

    /// Writes one pcap per link into `directory`; returns the file paths.
    public func writeCaptures(to directory: URL) throws -> [URL] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try network.captures.map { name, pcap in
            let url = directory.appendingPathComponent(name)
            try pcap.write(to: url)
            return url
        }
    }
}
