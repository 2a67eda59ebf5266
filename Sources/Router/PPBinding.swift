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
    /// The client's next timer, read after each of its inputs.
    var deadline: Duration?

    struct Traffic {
        var packets = 0
        var octets = 0

        mutating func add(_ octets: Int) {
            packets += 1
            self.octets += octets
        }
    }

    init(number: Int, port: String, mac: MACAddress, client: PPPoEClient) {
        self.number = number
        self.mac = mac
        interfaceName = InterfaceName.pp(number).description
        self.port = port
        self.client = client
    }

}
