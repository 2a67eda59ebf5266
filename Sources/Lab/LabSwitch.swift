import NIOCore
import Wire

/// A learning Ethernet switch with ports `port1`...`portN`, so a lab can put several hosts and
/// routers on one segment (an RTX830 has only two ports to link). It forwards a frame to the port
/// its destination was last seen on and floods the rest, like any unmanaged switch.
public final class LabSwitch: LabNode {
    public static let portCounts = 2...48
    /// Entries are forgotten after the IEEE 802.1D default ageing time, and the table holds at most
    /// `capacity` (a full table floods what it cannot learn).
    static let ageing: Duration = .seconds(300)
    static let capacity = 1024

    public let name: String
    public let portNames: [String]
    private var table: [MACAddress: (port: String, seen: Duration)] = [:]
    private var transmissions: [Transmission] = []
    private var output = ""
    private var now: Duration = .zero

    public init(name: String, ports: Int) {
        self.name = name
        portNames = (1...ports).map { "port\($0)" }
    }

    public var prompt: String { "\(name)$" }
    public var isConsoleBusy: Bool { false }
    public var nextDeadline: Duration? { nil }

    public func advance(to now: Duration) { if now > self.now { self.now = now } }
    public func linkChanged(port: String, up: Bool, now: Duration) {
        advance(to: now)
        if !up { table = table.filter { $0.value.port != port } }
    }

    public func receive(_ frame: ByteBuffer, on port: String, now: Duration) {
        advance(to: now)
        guard let (eth, _) = try? EthernetHeader.parse(frame) else { return }
        if !eth.source.isGroup, table[eth.source] != nil || table.count < LabSwitch.capacity {
            table[eth.source] = (port, now)
        }
        if !eth.destination.isGroup, let known = table[eth.destination], now - known.seen < LabSwitch.ageing {
            if known.port != port { transmissions.append(Transmission(port: known.port, frame: frame)) }
            return
        }
        for out in portNames where out != port { transmissions.append(Transmission(port: out, frame: frame)) }
    }

    public func takeTransmissions() -> [Transmission] {
        defer { transmissions.removeAll() }
        return transmissions
    }

    public func enter(_ line: String, now: Duration) {
        advance(to: now)
        guard line.split(separator: " ") == ["show", "mac"] else {
            return output += "\(line.split(separator: " ").first ?? ""): command not found (this switch knows show mac)\n"
        }
        for (mac, entry) in table.sorted(by: { $0.value.port == $1.value.port ? "\($0.key)" < "\($1.key)" : $0.value.port < $1.value.port })
        where now - entry.seen < LabSwitch.ageing {
            output += "\(entry.port)  \(mac)  \((now - entry.seen).components.seconds) s\n"
        }
    }

    public func takeConsoleOutput() -> String {
        defer { output = "" }
        return output
    }
}
