import NIOCore
import Router

/// One end of a link: a node's port.
public struct Endpoint: Hashable, Sendable, CustomStringConvertible {
    public var node: String
    public var port: String

    public init(node: String, port: String) {
        self.node = node
        self.port = port
    }

    public var description: String { "\(node).\(port)" }
}

/// A point-to-point cable and what it does to frames: delay, jitter, loss, duplication,
/// reordering, or nothing at all while it is down. Probabilities are 0...1.
public struct LinkProperties: Equatable, Sendable {
    public var delay: Duration = .microseconds(50)
    public var jitter: Duration = .zero
    public var loss: Double = 0
    public var duplicate: Double = 0
    /// Chance that a frame is held back by an extra delay of up to 2 × (delay + jitter), so later ones pass it.
    public var reorder: Double = 0
    public var down = false

    public init() {}
}

public struct Link {
    public var a: Endpoint
    public var b: Endpoint
    public var properties: LinkProperties
    var capture: PcapWriter?

    public init(a: Endpoint, b: Endpoint, properties: LinkProperties) {
        self.a = a
        self.b = b
        self.properties = properties
    }

    /// File name of this link's capture.
    public var captureName: String { "\(a.node).\(a.port)--\(b.node).\(b.port).pcap" }

    func peer(of end: Endpoint) -> Endpoint { end == a ? b : a }

    /// Arrival times of one frame sent now (none if lost, two if duplicated).
    func arrivals(now: Duration, random: inout SeededGenerator) -> [Duration] {
        let p = properties
        if p.down || (p.loss > 0 && random.unit() < p.loss) { return [] }
        var copies = 1
        if p.duplicate > 0 && random.unit() < p.duplicate { copies = 2 }
        return (0..<copies).map { _ in
            var t = now + p.delay
            if p.jitter > .zero { t += p.jitter * random.unit() }
            if p.reorder > 0 && random.unit() < p.reorder { t += (p.delay + p.jitter) * (2 * random.unit()) }
            return t
        }
    }
}
