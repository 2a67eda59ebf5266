import Config
import DNS
import Filter
import IKE
import IPsec
import L2TP
import PPP
import NIOCore
import Wire

/// One RTX router, sans-IO: frames in on its ports, frames out, console lines in, text out.
/// The driver (the lab, or `softrtx run`) owns the clock and hands `now` to every call.
public final class Router {
    public let name: String
    public let model: RouterModel
    public private(set) var now: Duration
    public internal(set) var running: Config
    public internal(set) var saved: Config
    public internal(set) var drops = DropCounters()
    var counters = PacketCounters()
    /// Per-port traffic while `statistics traffic on` (nil when off, so the data path pays one check).
    var traffic: [String: TrafficCounters]?
    public internal(set) var log = Syslog() {
        didSet { forwardLog() }
    }
    /// `log.appended` when the log was last sent to the `syslog host`s.
    var logForwarded = 0
    /// Unix time at `now == 0`, for the wall-clock text of logs and `show config`. The lab uses a
    /// fixed date so its transcripts repeat; `softrtx run` sets the real start time.
    public var epoch: Int64 = RouterClock.labEpoch

    let portMACs: [String: MACAddress]
    var random: SeededGenerator
    var context = ConsoleContext()
    var interfaces: [String: IPInterface] = [:] {
        didSet {
            interfaceOfMember = [:]
            ownAddresses = Set(interfaces.values.compactMap { $0.address?.address })
            directedBroadcasts = Set(interfaces.values.compactMap { iface in
                iface.address.flatMap { $0.length < 31 ? $0.directedBroadcast : nil }
            })
            for iface in interfaces.values {
                for member in iface.members where interfaceOfMember[member] == nil || iface.isBridge { interfaceOfMember[member] = iface.name }
            }
        }
    }
    /// Port or tunnel → the IP interface it belongs to (its bridge if it is a member), kept with `interfaces`.
    private(set) var interfaceOfMember: [String: String] = [:]
    /// Every address of the router's interfaces, kept with `interfaces`.
    private(set) var ownAddresses: Set<IPv4Address> = []
    /// The directed broadcast address of each connected network, kept with `interfaces`.
    private(set) var directedBroadcasts: Set<IPv4Address> = []
    var routes = RoutingTable(routes: [])
    var arp = ARPCache()
    /// When a conflict for each of our addresses was last logged (at most one entry per own address).
    var conflictLogged: [IPv4Address: Duration] = [:]
    var icmpErrors = ICMPErrorLimit()
    var fdb = ForwardingDatabase()
    /// Interfaces with `ip IF nat descriptor N`, by interface name.
    var masquerades: [String: Masquerade] = [:]
    /// `secure filter` lists, dynamic filters' connections and intrusion detection of every interface.
    var filter = FilterEngine()
    var dhcpServer = DHCPServer()
    var dhcpScopes: [DHCPServer.Scope] = []
    var tunnels: [Int: TunnelBinding] = [:]
    /// Kept with `tunnels` for the per-packet path (reading `running` there copies the whole config):
    /// whether `l2tp service on` takes L2TPv3, and the tunnels' local addresses.
    var l2tpv3Listening = false
    var tunnelLocalAddresses: Set<IPv4Address> = []
    /// `pp N` bound to PPPoE, and the pp each LAN port carries (the binding itself: one lookup per frame).
    var ppBindings: [Int: PPBinding] = [:]
    var ppOfPort: [String: PPBinding] = [:]
    var ike: IKEEngine
    /// The IKE engine's next timer, read after each of its inputs.
    var ikeDeadline: Duration?
    var sad = SecurityAssociationDatabase()
    /// Outbound ESP SAs by SPI: the SAD holds only each policy's newest.
    var outboundSAs: [UInt32: ESPSecurityAssociation] = [:]
    /// Wireshark key-log lines not yet taken by the driver (`--keylog`).
    var keyLog: [String] = []
    /// Changes with every config change and link change: cached forwarding decisions check it.
    var configGeneration = 0
    var ping: PingSession?
    var dnsProxy = DNSProxy()
    var dnsTCP = DNSTCPServer()
    /// Upstream query IDs and ports: the seeded generator in the lab, the system's in `softrtx run`,
    /// so that an off-path attacker cannot guess them.
    var dnsRandom: any RandomNumberGenerator
    var pingIdentifier: UInt16
    var nextIPIdentification: UInt16 = 1
    var reassembly = IPv4Reassembly()
    var transmissions: [(port: String, frame: ByteBuffer, offload: FrameOffload)] = []
    /// Ports whose driver hands frames to the kernel with their offload metadata (checksum to finish,
    /// segments to cut): super-frames leave by them whole. Others get finished frames.
    public var offloadPorts: Set<String> = []
    var consoleOutput = ""

    /// Where ESP's IV keys come from (IKE has its own stream): the seeded generator in the lab, so runs repeat;
    /// the system's generator on real interfaces (`secretsFromSystem`).
    var keyRandom: any RandomNumberGenerator

    /// Starts a router with a startup config, or the model's factory default when nil.
    public init(name: String, model: RouterModel = .rtx830, config: Config? = nil, seed: UInt64, now: Duration = .zero,
                secretsFromSystem: Bool = false) {
        self.name = name
        self.model = model
        self.now = now
        random = SeededGenerator(seed: seed)
        portMACs = model.macAddresses(identity: random.next())
        pingIdentifier = UInt16(truncatingIfNeeded: random.next())
        dnsRandom = secretsFromSystem ? SystemRandomNumberGenerator() : random.derived("dns")
        keyRandom = secretsFromSystem ? SystemRandomNumberGenerator() : random.derived("esp")
        ike = secretsFromSystem ? IKEEngine(random: SystemRandomNumberGenerator()) : IKEEngine(random: random.derived("ike"))
        let startup = config ?? Config.factoryDefault(model: model.name)
        running = startup
        saved = startup
        log.append("\(model.name) \(Router.firmware) starts", at: now)
        apply(startup)
    }

    public var portNames: [String] { model.ports }

    public func mac(of port: String) -> MACAddress? { portMACs[port] }

    /// The console prompt: `console prompt` text, the selected tunnel or PP, then `#` (administrator).
    public var prompt: String {
        (running.consolePrompt ?? "") + (context.tunnel.map { "tunnel\($0)" } ?? "") + (context.pp.map { $0 == InterfaceName.anonymousPP ? "anonymous" : "pp\($0)" } ?? "") + "#"
    }

    // MARK: Driver interface

    /// A frame read from a port; `offload` is what its driver says is left to finish on it.
    public func receive(_ frame: ByteBuffer, offload: FrameOffload = .none, on port: String, now: Duration) {
        advance(to: now)
        traffic?[port, default: TrafficCounters()].received(frame.readableBytes)
        ethernetInput(frame, offload: offload, port: port)
    }

    /// Runs every timer due by `now`.
    public func advance(to now: Duration) {
        if now > self.now { self.now = now }
        arpTimers()
        tunnelTimers()
        ikeTimers()
        pingTimers()
        dnsTimers()
        for _ in 0..<reassembly.expire(now: self.now) { count(.reassemblyTimeout) }
        filterTimers()
        ppTimers()
    }

    public var nextDeadline: Duration? {
        [arp.nextDeadline, tunnelDeadline, ikeDeadline, ping?.nextDeadline, reassembly.nextDeadline, filter.nextDeadline, dnsDeadline, ppDeadline]
            .compactMap { $0 }.min()
    }

    /// Hands each frame waiting to leave to `body`, in order, keeping the queue's storage: the
    /// per-frame path of a driver (`takeTransmissions` gives away the storage, and so allocates).
    /// Frames leave unfinished (`offload` not resolved) only on `offloadPorts`.
    public func drainTransmissions(_ body: (_ port: String, _ frame: ByteBuffer, _ offload: FrameOffload) -> Void) {
        for (port, frame, offload) in transmissions { body(port, frame, offload) }
        transmissions.removeAll(keepingCapacity: true)
    }

    public func takeTransmissions() -> [(port: String, frame: ByteBuffer, offload: FrameOffload)] {
        defer { transmissions.removeAll(keepingCapacity: true) }
        return transmissions
    }

    /// Queues a frame for a port, finishing it in software first when the port takes only finished frames.
    func transmit(_ frame: ByteBuffer, offload: FrameOffload = .none, on port: String) {
        traffic?[port, default: TrafficCounters()].transmitted(frame.readableBytes)
        if !offloadPorts.isEmpty, offloadPorts.contains(port) {
            // Software GRO: a segment that continues the last frame queued for the port joins it.
            if offload.isResolved, let last = transmissions.indices.last, transmissions[last].port == port,
               Router.coalesce(frame, into: &transmissions[last]) {
                return
            }
            return transmissions.append((port, frame, offload))
        }
        if offload.isResolved { return transmissions.append((port, frame, offload)) }
        resolve(frame, offload, maximumFrame: Router.portFrameLimit) { transmissions.append((port, $0, .none)) }
    }

    /// Software GRO for the last queued frame; a tuple element cannot be passed as two `inout`s.
    private static func coalesce(_ frame: ByteBuffer, into queued: inout (port: String, frame: ByteBuffer, offload: FrameOffload)) -> Bool {
        SegmentCoalescing.merge(frame, into: &queued.frame, offload: &queued.offload)
    }

    /// Counts a refused frame or packet under its reason (`show status drop`); drivers count what their ports refuse.
    public func count(_ reason: DropReason) { drops.count(reason) }
}
