import NIOCore
import Wire

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

/// Link properties a lab file sets; unset ones keep their value.
public struct LinkChange: Sendable, Equatable, CustomStringConvertible {
    public var delay: Duration?
    public var jitter: Duration?
    public var loss: Double?
    public var duplicate: Double?
    public var reorder: Double?
    public var down: Bool?

    public init() {}

    public func applied(to properties: LinkProperties) -> LinkProperties {
        var p = properties
        if let delay { p.delay = delay }
        if let jitter { p.jitter = jitter }
        if let loss { p.loss = loss }
        if let duplicate { p.duplicate = duplicate }
        if let reorder { p.reorder = reorder }
        if let down { p.down = down }
        return p
    }

    public var description: String {
        var parts: [String] = []
        if let delay { parts.append("delay \(delay)") }
        if let jitter { parts.append("jitter \(jitter)") }
        if let loss { parts.append("loss \(loss * 100)%") }
        if let duplicate { parts.append("duplicate \(duplicate * 100)%") }
        if let reorder { parts.append("reorder \(reorder * 100)%") }
        if let down { parts.append(down ? "down" : "up") }
        return parts.joined(separator: ", ")
    }
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
