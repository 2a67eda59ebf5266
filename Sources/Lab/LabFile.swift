import Foundation
import Wire
import Yams

/// A lab as its YAML file describes it: nodes, links between their ports, and console steps.
public struct LabFile: Sendable {
    public enum NodeKind: Sendable, Equatable {
        /// `config` is the startup config text; nil starts from the model's factory default.
        case router(model: String, config: String?)
        /// `listen` holds the ports that answer (`tcp/80`, `udp/7`).
        case host(dhcp: Bool, address: IPv4Prefix?, gateway: IPv4Address?, listen: Set<HostService>)
        /// A learning switch with ports `port1`...`portN`.
        case ethernetSwitch(ports: Int)
        /// A DNS server holding `records`, answered with `ttl`.
        case dns(address: IPv4Prefix, gateway: IPv4Address?, records: [LabDNSZone.Record], ttl: UInt32)
        /// A PPPoE access concentrator with a routed upstream port.
        case isp(LabISPSpec)
    }

    public struct Node: Sendable, Equatable {
        public var name: String
        public var kind: NodeKind
        /// Where the node is described, for errors in its startup config.
        public var line: Int
    }

    public struct LinkSpec: Sendable {
        /// Port nil means the node's first port (a host's only one).
        public var a: (node: String, port: String?)
        public var b: (node: String, port: String?)
        public var properties: LinkProperties
        public var line: Int
    }

    public enum Step: Sendable {
        /// Lines typed into a node's console in order; each `expect` text must appear in the output
        /// and no `reject` text may.
        case command(node: String, lines: [String], expect: [String], reject: [String], line: Int)
        case wait(Duration)
        /// Changes a link's properties (`down: true` for an outage) from now on.
        case link(endpoint: (node: String, port: String?), change: LinkChange, line: Int)
    }

    /// Where the lab came from, for error messages.
    public var fileName: String
    public var seed: UInt64
    public var nodes: [Node]
    public var links: [LinkSpec]
    public var steps: [Step]
}

/// An error in a lab file, naming the line and the key.
public struct LabFileError: Error, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var key: String
    public var message: String

    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(key): \(message)"
    }
}
