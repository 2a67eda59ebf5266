import Wire
import HeapModule
import NIOCore
import Router

/// The virtual network: nodes joined by links, one virtual clock, one event queue.
/// Everything happens in the order of (time, sequence), so a run is a pure function of the seed.
public final class Network {
    public private(set) var now: Duration = .zero
    public private(set) var nodes: [String: any LabNode] = [:]
    public private(set) var links: [Link] = []
    public private(set) var framesDelivered = 0
    private var linkOfEndpoint: [Endpoint: Int] = [:]
    private var queue = Heap<Event>()
    private var sequence = 0
    private var random: SeededGenerator
    private var capturing = false
    /// The earliest wake-up booked per node, so timers are not booked twice.
    private var bookedWake: [String: Duration] = [:]

    private struct Event: Comparable {
        var time: Duration
        var sequence: Int
        var action: Action

        enum Action {
            case deliver(frame: ByteBuffer, to: Endpoint)
            case wake(node: String)
        }

        static func == (l: Event, r: Event) -> Bool { l.time == r.time && l.sequence == r.sequence }
        static func < (l: Event, r: Event) -> Bool { (l.time, l.sequence) < (r.time, r.sequence) }
    }

    public init(seed: UInt64) {
        random = SeededGenerator(seed: seed).derived("links")
    }

    public func add(_ node: any LabNode) {
        nodes[node.name] = node
        schedule(wake: node)
    }

    /// Adds a link; returns its index. Both ends must be free ports of known nodes (checked by the caller).
    @discardableResult
    public func connect(_ a: Endpoint, _ b: Endpoint, properties: LinkProperties) -> Int {
        var link = Link(a: a, b: b, properties: properties)
        if capturing { link.capture = PcapWriter() }
        links.append(link)
        linkOfEndpoint[a] = links.count - 1
        linkOfEndpoint[b] = links.count - 1
        return links.count - 1
    }

    public func link(at endpoint: Endpoint) -> Int? { linkOfEndpoint[endpoint] }

    /// Changes a link from now on, telling both ends when it goes up or down.
    public func setProperties(_ properties: LinkProperties, ofLink index: Int) {
        let wasDown = links[index].properties.down
        links[index].properties = properties
        guard wasDown != properties.down else { return }
        for end in [links[index].a, links[index].b] {
            guard let node = nodes[end.node] else { continue }
            node.advance(to: now)
            node.linkChanged(port: end.port, up: !properties.down, now: now)
            flush(node)
        }
    }

    /// Records every frame put on a link from now on (call before connecting).
    public func enableCapture() { capturing = true }

    public var captures: [(name: String, pcap: PcapWriter)] {
        links.compactMap { link in link.capture.map { (link.captureName, $0) } }
    }

    /// Runs events until virtual time reaches `limit` or `until` becomes true after an event.
    /// Returns whether `until` became true.
    @discardableResult
    public func run(to limit: Duration, until: () -> Bool = { false }) -> Bool {
        if until() { return true }
        while let next = queue.min, next.time <= limit {
            let event = queue.removeMin()
            now = event.time
            switch event.action {
            case let .deliver(frame, to):
                guard let node = nodes[to.node] else { continue }
                framesDelivered += 1
                node.advance(to: now)
                node.receive(frame, on: to.port, now: now)
                flush(node)
            case let .wake(name):
                if bookedWake[name] == event.time { bookedWake[name] = nil }
                guard let node = nodes[name] else { continue }
                node.advance(to: now)
                flush(node)
            }
            if until() { return true }
        }
        now = max(now, limit)
        return until()
    }

    /// Types a line into a node's console at the current time and lets the network react.
    public func enter(_ line: String, on node: any LabNode) {
        node.advance(to: now)
        node.enter(line, now: now)
        flush(node)
    }

    /// Sends what a node transmitted onto its links and books its next timer.
    private func flush(_ node: any LabNode) {
        for tx in node.takeTransmissions() {
            let from = Endpoint(node: node.name, port: tx.port)
            guard let index = linkOfEndpoint[from] else { continue }
            links[index].capture?.record(tx.frame, at: now)
            let to = links[index].peer(of: from)
            for arrival in links[index].arrivals(now: now, random: &random) {
                push(Event(time: arrival, sequence: 0, action: .deliver(frame: tx.frame, to: to)))
            }
        }
        schedule(wake: node)
    }

    private func schedule(wake node: any LabNode) {
        guard let deadline = node.nextDeadline.map({ max($0, now) }) else { return }
        if let booked = bookedWake[node.name], booked <= deadline { return }
        bookedWake[node.name] = deadline
        push(Event(time: deadline, sequence: 0, action: .wake(node: node.name)))
    }

    private func push(_ event: Event) {
        var e = event
        sequence += 1
        e.sequence = sequence
        queue.insert(e)
    }
}
