import Config
import PPP
import Wire

/// One `pp N` that runs PPPoE over a LAN port: its client, its link while IPCP is open, and what
/// `show status pp` counts.
final class PPBinding {
    let number: Int
    /// `ppN`, the key of its IP interface, made once rather than per packet.
    let interfaceName: String
    /// The LAN port of `pppoe use`.
    var port: String
    /// The port's MAC: what the session's frames are addressed to.
    let mac: MACAddress
    var client: PPPoEClient
    /// Set while IPCP is open: the address, DNS servers and session the data path uses.
    var link: PPPoEClient.Link?
    var upSince: Duration?
    /// `pppoe auto connect on`: dial when the pp is enabled and when a packet is routed to it.
    /// (`pp always-on` is the client's: it redials by itself after a loss.)
    var autoConnect = true
    /// `disconnect pp N`: stays down until `connect pp N`.
    var held = false
    var received = Traffic(), transmitted = Traffic()
    /// `pppoe auto disconnect on` with `pppoe disconnect time N` and no always-on: the session ends
    /// after that long without IP traffic either way (LCP and IPCP do not count), and dials again on demand.
    var idleLimit: Duration?
    var lastData: Duration = .zero
    /// The client's next timer, read after each of its inputs.
    var clientDeadline: Duration?

    struct Traffic {
        var packets = 0
        var octets = 0

        mutating func add(_ octets: Int) {
            packets += 1
            self.octets += octets
        }
    }

    /// The pp's dialling policy: `pppoe auto connect`, and the idle timer unless always-on keeps it up.
    func adopt(_ pp: PPConfig) {
        autoConnect = pp.effectiveAutoConnect
        idleLimit = pp.effectiveAutoDisconnect && !pp.effectiveAlwaysOn ? pp.effectiveDisconnectTime : nil
    }

    var deadline: Duration? {
        guard link != nil, let idleLimit else { return clientDeadline }
        let idle = lastData + idleLimit
        return clientDeadline.map { min($0, idle) } ?? idle
    }

    init(number: Int, port: String, mac: MACAddress, client: PPPoEClient) {
        self.number = number
        self.mac = mac
        interfaceName = InterfaceName.pp(number).description
        self.port = port
        self.client = client
    }
}
